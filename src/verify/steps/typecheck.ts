import { StepFailure, type Step } from "../context.js";
import { tail } from "../exec.js";

/** `tsc --noEmit` with the project's own TypeScript (handlers, infra and tests). */
export const typecheckStep: Step = {
  id: "typecheck",
  describe: () => "tsc --noEmit",
  async run(ctx) {
    const result = await ctx.run(ctx.bin("tsc"), ["--noEmit"]);
    const version = ctx.packageVersion("typescript");
    if (version) ctx.versions.typescript = version;
    if (result.ok) return { status: "passed", detail: `no type errors (TypeScript ${version ?? "?"})` };
    const errors = result.output.match(/error TS\d+/g)?.length ?? 0;
    const what = errors > 0 ? `tsc found ${errors} type error${errors === 1 ? "" : "s"}` : `tsc failed (${result.spawnError ?? `exit code ${result.exitCode}`})`;
    throw new StepFailure(what, result.command, tail(result.output));
  },
};
