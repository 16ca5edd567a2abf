import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { packageRoot } from "../paths.js";

/**
 * The built-in templates, compiled to JavaScript when lambdaform is built (`npm run build` runs
 * precompile-templates.js), so a run never pays for Handlebars' compiler on them: it was most of
 * the time of a render. Each module carries a hash of the source it came from; a template whose
 * file no longer matches (an edit without a rebuild) is compiled at run time, as packs' are.
 */
export const precompiledDir = path.join(packageRoot, "dist", "templates.precompiled");

export interface PrecompiledEntry {
  hash: string;
  spec: object;
}

const load = createRequire(import.meta.url);
/** How many templates were served precompiled in this process (tests check the build is used). */
export let precompiledHits = 0;

export function templateHash(content: string): string {
  return createHash("sha256").update(content).digest("hex").slice(0, 32);
}

/** Where the build writes a template's compiled module (`dir` is where the build stages them). */
export function precompiledModule(template: string, dir = precompiledDir): string {
  return path.join(dir, `${template}.cjs`);
}

/** The compiled form of a built-in template, when the build made one from exactly this content. */
export function precompiledSpec(template: string, content: string): object | undefined {
  let entry: PrecompiledEntry;
  try {
    entry = load(precompiledModule(template));
  } catch (error) {
    // Not built (a run from source, or a template added since the build): compiled at run time.
    if ((error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") return undefined;
    throw error;
  }
  if (entry.hash !== templateHash(content)) return undefined;
  precompiledHits++;
  return entry.spec;
}
