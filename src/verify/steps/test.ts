import { existsSync } from "node:fs";
import path from "node:path";
import { sourceInputs } from "../cache/step-inputs.js";
import { StepFailure, type Step, type StepContext } from "../context.js";
import { tail } from "../exec.js";
import { testSelection, type TestSelection } from "./test-selection.js";

interface Counts {
  passed: number;
  failed: number;
  total: number;
}

/**
 * The project's own unit tests: vitest, and pytest for Python handlers, each counted. After a
 * pass, a change whose reach is known reruns only the tests it reaches (test-selection.ts).
 */
export const testStep: Step = {
  id: "test",
  describe: (ctx) => {
    const only = selectionOf(ctx);
    if (only) return `${[only.vitest.length ? "vitest related" : "", only.pytest.length ? "pytest" : ""].filter(Boolean).join("; ") || "no test"}: only what the change reaches`;
    return ctx.project.language === "python" ? "vitest run; python3 -m pytest -q" : "vitest run";
  },
  inputs: sourceInputs,
  incremental: true,
  async run(ctx) {
    const only = selectionOf(ctx);
    const metrics: Record<string, unknown> = {};
    const parts: string[] = [];
    if (!only || only.vitest.length > 0) {
      const vitest = await runVitest(ctx, only?.vitest);
      metrics.vitest = vitest;
      parts.push(`vitest: ${vitest.passed} tests passed`);
    }
    if (ctx.project.language === "python" && (!only || only.pytest.length > 0)) {
      const pytest = await runPytest(ctx, only?.pytest);
      metrics.pytest = pytest;
      parts.push(`pytest: ${pytest.passed} tests passed${only ? ` (${only.pytest.join(", ")})` : ""}`);
    }
    if (!only) return { status: "passed", detail: parts.join("; "), metrics };
    metrics.selection = only;
    const changed = [...ctx.changes!.changed, ...ctx.changes!.removed];
    const what = changed.length === 1 ? changed[0] : `${changed.length} changed files`;
    const ran = parts.length ? `${parts.join("; ")}, only those ${what} reaches` : `no test reaches ${what}`;
    return { status: "passed", detail: `${ran}; the rest passed before with the same files`, metrics };
  },
};

/** The tests to rerun, or undefined to run them all (no earlier pass to build on, or a change whose reach is unknown). */
function selectionOf(ctx: StepContext): TestSelection | undefined {
  if (!ctx.changes) return undefined;
  const functions = ctx.project.manifest.spec.functions.map((f) => f.name);
  const selection = testSelection(ctx.changes, ctx.project.language, functions);
  if (!selection) return undefined;
  // A test file the user deleted has nothing to run (vitest and pytest would stop at the missing path).
  const present = (rel: string) => existsSync(path.join(ctx.dir, rel));
  return { vitest: selection.vitest.filter(present), pytest: selection.pytest.filter(present) };
}

async function runVitest(ctx: StepContext, related?: string[]): Promise<Counts> {
  // --no-cache: verify leaves node_modules alone (vitest would write its results cache there).
  const args = related ? ["related", "--run", "--no-cache", "--passWithNoTests", ...related] : ["run", "--no-cache"];
  const result = await ctx.run(ctx.bin("vitest"), args);
  const version = ctx.packageVersion("vitest");
  if (version) ctx.versions.vitest = version;
  const counts = vitestCounts(result.output);
  if (!result.ok) {
    const what = counts && counts.failed > 0 ? `${counts.failed} of ${counts.total} vitest tests failed` : `vitest failed (${result.spawnError ?? `exit code ${result.exitCode}`})`;
    throw new StepFailure(what, result.command, tail(result.output));
  }
  return counts ?? { passed: 0, failed: 0, total: 0 };
}

async function runPytest(ctx: StepContext, files: string[] = []): Promise<Counts> {
  const result = await ctx.run("python3", ["-m", "pytest", "-q", ...files], { env: { PYTHONDONTWRITEBYTECODE: "1" } });
  const counts = pytestCounts(result.output);
  if (!result.ok) {
    const what = counts && counts.failed > 0 ? `${counts.failed} of ${counts.total} pytest tests failed` : `pytest failed (${result.spawnError ?? `exit code ${result.exitCode}`})`;
    throw new StepFailure(what, result.command, tail(result.output));
  }
  return counts ?? { passed: 0, failed: 0, total: 0 };
}

/** From vitest's summary: "Tests  1 failed | 11 passed (12)". */
export function vitestCounts(output: string): Counts | undefined {
  const line = output.match(/^\s*Tests\s+(.+)\((\d+)\)\s*$/m);
  if (!line) return undefined;
  const count = (word: string) => Number(line[1]!.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
  return { passed: count("passed"), failed: count("failed"), total: Number(line[2]) };
}

/** From pytest -q's last line: "1 failed, 11 passed in 0.52s". */
export function pytestCounts(output: string): Counts | undefined {
  const line = output.split("\n").reverse().find((l) => /\b(passed|failed|error)\b.* in [\d.]+s/.test(l));
  if (!line) return undefined;
  const count = (word: string) => Number(line.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
  const passed = count("passed");
  const failed = count("failed") + count("errors?");
  return { passed, failed, total: passed + failed + count("skipped") };
}
