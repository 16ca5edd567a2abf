import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { packageRoot } from "../paths.js";

/**
 * The built-in templates, compiled to JavaScript when lambdaform is built (`npm run build` runs
 * precompile-templates.js), so a run never pays for Handlebars' compiler on them: it was most of
 * the time of a render. Each entry carries a hash of the source it came from; a template whose
 * file no longer matches (an edit without a rebuild) is compiled at run time, as packs' are.
 */
export const precompiledFile = path.join(packageRoot, "dist", "templates.precompiled.cjs");

export interface PrecompiledEntry {
  hash: string;
  spec: object;
}

let loaded: Record<string, PrecompiledEntry> | undefined;
/** How many templates were served precompiled in this process (tests check the build is used). */
export let precompiledHits = 0;

export function templateHash(content: string): string {
  return createHash("sha256").update(content).digest("hex").slice(0, 32);
}

/** The compiled form of a built-in template, when the build made one from exactly this content. */
export function precompiledSpec(template: string, content: string): object | undefined {
  loaded ??= existsSync(precompiledFile) ? (createRequire(import.meta.url)(precompiledFile) as Record<string, PrecompiledEntry>) : {};
  const entry = loaded[template];
  if (!entry || entry.hash !== templateHash(content)) return undefined;
  precompiledHits++;
  return entry.spec;
}
