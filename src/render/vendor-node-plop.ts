import { build } from "esbuild";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { vendoredPlop } from "./plop.js";

/**
 * Build step (`npm run build`): bundles node-plop into dist/vendor/node-plop.js with inquirer
 * replaced by no-prompts.js (see plop.ts for why), and Handlebars by plop-handlebars.js, which
 * loads the installed Handlebars only when plop first uses it.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const entry = createRequire(import.meta.url).resolve("node-plop");
await build({
  entryPoints: [entry],
  outfile: vendoredPlop,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  alias: { inquirer: path.join(here, "no-prompts.js"), handlebars: path.join(here, "plop-handlebars.js") },
  // Bundled CommonJS dependencies (resolve) call require() for Node's own modules.
  banner: { js: 'import { createRequire as __lambdaformRequire } from "node:module"; const require = __lambdaformRequire(import.meta.url);' },
  logLevel: "warning",
});
console.log(`bundled node-plop without its prompts into ${vendoredPlop}`);
