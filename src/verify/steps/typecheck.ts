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
    const result = await ctx.run(ctx.bin("tsc"), ["--noEmit"]);
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
