import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The package root, found from this file whether it runs from `src/` (tests) or `dist/src/` (built). */
function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "create-lambdaform") return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("cannot find the create-lambdaform package root");
    dir = parent;
  }
}

export const packageRoot = findPackageRoot();
export const builtinTemplates = path.join(packageRoot, "templates");
export const generatorVersion: string = JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8")).version;

/**
 * lambdaform's folder among this user's tool caches ($XDG_CACHE_HOME/lambdaform, else
 * ~/.cache/lambdaform): what one project's run learns that the next project's can reuse.
 */
export function userCacheDir(...parts: string[]): string {
  const home = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(home, "lambdaform", ...parts);
}
