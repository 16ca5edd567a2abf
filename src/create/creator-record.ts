import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { lambdaformBin } from "../cli/self.js";
import { generatorVersion } from "../paths.js";

/**
 * Where the project's `npm run verify` (scripts/verify.mjs) finds the lambdaform that created
 * it when none is on PATH: the package is not published, so `npx create-lambdaform` cannot be
 * the fallback. .lambdaform/ is gitignored: the path is this machine's, never committed.
 */
export const creatorRecord = ".lambdaform/creator.json";

/** Written after the project is complete; a failure costs only that fallback, so it is ignored. */
export function recordCreator(projectDir: string): void {
  if (!existsSync(lambdaformBin)) return;
  try {
    mkdirSync(path.join(projectDir, path.dirname(creatorRecord)), { recursive: true });
    writeFileSync(path.join(projectDir, creatorRecord), JSON.stringify({ bin: lambdaformBin, version: generatorVersion }, null, 2) + "\n");
  } catch {
    // Not part of the project: verify still works through LAMBDAFORM_BIN or PATH.
  }
}
