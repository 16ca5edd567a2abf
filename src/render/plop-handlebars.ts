import type Handlebars from "handlebars";
import { createRequire } from "node:module";

/**
 * Stands in for Handlebars inside the bundled node-plop (vendor-node-plop.ts). Plop uses it only
 * in renderString, for its own file actions and plopfiles, which lambdaform never runs; loading
 * the whole of Handlebars with every start was about 20 ms of a render. This is Handlebars
 * itself, loaded on first use.
 */
const load = createRequire(import.meta.url);
let loaded: typeof Handlebars | undefined;

export default new Proxy({} as typeof Handlebars, {
  get(_target, key) {
    loaded ??= load("handlebars") as typeof Handlebars;
    const value = Reflect.get(loaded, key);
    return typeof value === "function" ? value.bind(loaded) : value;
  },
});
