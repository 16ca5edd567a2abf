import { existsSync } from "node:fs";
import path from "node:path";
import { StepAborted, StepFailure, type StepContext } from "../context.js";
import { tail } from "../exec.js";

/**
 * Biome on a Node project (`npm run lint`: `biome check --error-on-warnings .`, so lint rules,
 * formatting and import order; files and rules in its biome.json), run by the typecheck step
 * after tsc, so a finding fails verify with the typecheck exit code (12). A project without a
 * biome.json (created before lambdaform added it) is not linted, and the detail says so.
 */
export async function runBiome(ctx: StepContext): Promise<string> {
  if (!existsSync(path.join(ctx.dir, "biome.json"))) return "not linted: no biome.json";
  const result = await ctx.run(ctx.bin("biome"), ["check", "--error-on-warnings", "--colors=off", "."]);
  if (result.canceled) throw new StepAborted();
  const version = ctx.packageVersion("@biomejs/biome");
  if (version) ctx.versions.biome = version;
  if (result.ok) return `no lint findings (Biome ${version ?? "?"})`;
  // Biome's summary: "Found 2 errors." and/or "Found 1 warning.".
  const findings = [...result.output.matchAll(/Found (\d+) (?:error|warning)s?/g)].reduce((sum, [, n]) => sum + Number(n), 0);
  const what = findings > 0 ? `biome found ${findings} lint finding${findings === 1 ? "" : "s"}` : `biome failed (${result.spawnError ?? `exit code ${result.exitCode}`})`;
  throw new StepFailure(what, result.command, tail(result.output));
}
