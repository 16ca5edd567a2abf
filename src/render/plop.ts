import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type nodePlopType from "node-plop";
import { packageRoot } from "../paths.js";

/**
 * node-plop, our registry and runner of generators. The build bundles it (vendor-node-plop.ts)
 * with its prompt library replaced by a stub: we never let plop prompt (commands ask through
 * their own prompter), and inquirer with rxjs was two thirds of lambdaform's start-up time. Run
 * from source without a build, the installed package is used as it is.
 */
export const vendoredPlop = path.join(packageRoot, "dist", "vendor", "node-plop.js");

let loaded: Promise<typeof nodePlopType> | undefined;

export function loadNodePlop(): Promise<typeof nodePlopType> {
  loaded ??= (existsSync(vendoredPlop) ? import(pathToFileURL(vendoredPlop).href) : import("node-plop")).then((m) => m.default as typeof nodePlopType);
  return loaded;
}
