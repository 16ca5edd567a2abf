import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { resourceIds } from "../../src/catalog/resource.js";
import { triggerIds } from "../../src/catalog/trigger.js";
import { commitNewProject } from "../../src/fs/commit.js";
import { renderFor } from "./render.js";
import { linkSharedDeps } from "./shared-install.js";

const scratchDirs: string[] = [];

/** `create <name> <args> --yes --no-install --no-verify` into a temp folder, with the shared node_modules linked in. */
export async function generateProject(name: string, args: readonly string[] = []): Promise<string> {
  const dir = path.join(tempDir(), name);
  commitNewProject(await renderFor([name, ...args]), dir);
  await linkSharedDeps(dir);
  return dir;
}

/** A copy of a generated project (node_modules stays a link), to break in one way. */
export function copyProject(dir: string): string {
  const copy = path.join(tempDir(), path.basename(dir));
  cpSync(dir, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}

export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lambdaform-test-"));
  scratchDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Replaces text in a project file, failing loudly when the text is not there. */
export function edit(file: string, from: string | RegExp, to: string): void {
  const before = readFileSync(file, "utf8");
  const after = before.replace(from, to);
  if (after === before) throw new Error(`${file} has no ${String(from)}`);
  writeFileSync(file, after);
}

/**
 * Formats files a test edited as `npm run format` would (Biome), so verify's lint, which checks
 * formatting, passes them and the step the test is about is the one that runs into its break.
 */
export function formatLikeAUser(dir: string, ...files: string[]): void {
  execFileSync(path.join(dir, "node_modules/.bin/biome"), ["check", "--write", ...files], { cwd: dir, stdio: "pipe" });
}

/** `create` flags for every trigger and every resource in the catalog. */
export const everyTriggerAndResource = [...triggerIds.flatMap((id) => ["--trigger", id]), ...resourceIds.flatMap((id) => ["--resource", id])];

/** The largest project of each language, as the engine tests build them (Node's with a public URL). */
export const everyTriggerAndResourceProjects: [string, string[]][] = [
  ["nodejs24.x, every trigger and resource, a public URL", ["--runtime", "nodejs24.x", ...everyTriggerAndResource, "--url-auth", "NONE"]],
  ["python3.13, every trigger and resource", ["--runtime", "python3.13", ...everyTriggerAndResource]],
];
