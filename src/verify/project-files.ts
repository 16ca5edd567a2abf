import { existsSync } from "node:fs";
import path from "node:path";

/** What each step runs from the project: package and synth start these scripts, synth bundles the cdktf app. */
export const neededFiles = {
  package: ["scripts/package.mjs"],
  synth: ["scripts/synth.mjs", "infra/main.ts"],
} as const;

/**
 * The first of `files` the project lacks, as one line naming it. Checked before a script runs:
 * without it, node or esbuild would fail with a stack trace that never says which file is gone.
 */
export function missingFileProblem(dir: string, files: readonly string[], what: string): string | undefined {
  const missing = files.find((file) => !existsSync(path.join(dir, file)));
  return missing && `${missing} is missing from ${dir}: ${what} needs it; restore it from version control (or create the project again)`;
}
