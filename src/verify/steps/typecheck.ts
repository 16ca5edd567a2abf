import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { sourceInputs } from "../cache/step-inputs.js";
import { StepFailure, type Step, type StepContext } from "../context.js";
import { tail } from "../exec.js";
import { runBiome } from "./lint.js";

/**
 * `tsc --noEmit` with the project's own TypeScript (handlers, infra and tests); for Python
 * projects also Pyright in strict mode on `src/` and `tests/` (settings in pyproject.toml).
 */
export const typecheckStep: Step = {
  id: "typecheck",
  describe: (ctx) => (ctx.project.language === "python" ? "tsc --noEmit; pyright" : "tsc --noEmit; biome check"),
  inputs: sourceInputs,
  async run(ctx) {
    // The report names the bin, the command a user reruns by hand, whichever program ran. It is
    // named before the compiler is looked up (an import), so a timeout during the lookup names it too.
    const display = "node_modules/.bin/tsc --noEmit";
    ctx.current = display;
    const result = await ctx.run(await tscProgram(ctx), ["--noEmit"], { display });
    const version = ctx.packageVersion("typescript");
    if (version) ctx.versions.typescript = version;
    if (!result.ok) {
      const errors = result.output.match(/error TS\d+/g)?.length ?? 0;
      const what = errors > 0 ? `tsc found ${errors} type error${errors === 1 ? "" : "s"}` : `tsc failed (${result.spawnError ?? `exit code ${result.exitCode}`})`;
      throw new StepFailure(what, result.command, tail(result.output));
    }
    const detail = `no type errors (TypeScript ${version ?? "?"})`;
    if (ctx.project.language !== "python") return { status: "passed", detail: `${detail}; ${await runBiome(ctx)}` };
    return { status: "passed", detail: `${detail}; ${await runPyright(ctx)}` };
  },
};

/**
 * TypeScript 7's `tsc` is a Node script that starts the native compiler as a child process (Node
 * 20 has no process.execve to replace itself): running the compiler that TypeScript's own
 * resolver names saves a Node start (about 0.1 s of the default project's 0.6 s). Any other
 * TypeScript (5.x has no such resolver) runs through the bin as before.
 */
async function tscProgram(ctx: StepContext): Promise<string> {
  return (await nativeTsc(ctx.dir)) ?? ctx.bin("tsc");
}

/** The native compiler of a project's TypeScript 7, as its own `tsc` bin would find it; undefined for any other. */
export async function nativeTsc(dir: string): Promise<string | undefined> {
  const resolver = path.join(dir, "node_modules", "typescript", "lib", "getExePath.js");
  if (!existsSync(resolver)) return undefined;
  try {
    const { default: getExePath } = (await import(pathToFileURL(resolver).href)) as { default: () => unknown };
    const exe = getExePath();
    return typeof exe === "string" && existsSync(exe) ? exe : undefined;
  } catch {
    // A resolver that moved or fails: the bin knows how to start the compiler.
    return undefined;
  }
}

async function runPyright(ctx: StepContext): Promise<string> {
  const result = await ctx.run(ctx.bin("pyright"), []);
  const version = ctx.packageVersion("pyright");
  if (version) ctx.versions.pyright = version;
  if (result.ok) return `Python: no type errors (Pyright ${version ?? "?"}, strict)`;
  // Pyright's summary line: "3 errors, 0 warnings, 0 informations".
  const errors = Number(result.output.match(/(\d+) errors?, \d+ warnings?/)?.[1] ?? 0);
  const what = errors > 0 ? `pyright found ${errors} type error${errors === 1 ? "" : "s"}` : `pyright failed (${result.spawnError ?? `exit code ${result.exitCode}`})`;
  throw new StepFailure(what, result.command, tail(result.output));
}
