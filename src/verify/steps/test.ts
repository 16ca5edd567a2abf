import { sourceInputs } from "../cache/step-inputs.js";
import { StepFailure, type Step, type StepContext } from "../context.js";
import { tail } from "../exec.js";

interface Counts {
  passed: number;
  failed: number;
  total: number;
}

/** The project's own unit tests: vitest, and pytest for Python handlers, each counted. */
export const testStep: Step = {
  id: "test",
  describe: (ctx) => (ctx.project.language === "python" ? "vitest run; python3 -m pytest -q" : "vitest run"),
  inputs: sourceInputs,
  async run(ctx) {
    const metrics: Record<string, unknown> = {};
    const vitest = await runVitest(ctx);
    metrics.vitest = vitest;
    const parts = [`vitest: ${vitest.passed} tests passed`];
    if (ctx.project.language === "python") {
      const pytest = await runPytest(ctx);
      metrics.pytest = pytest;
      parts.push(`pytest: ${pytest.passed} tests passed`);
    }
    return { status: "passed", detail: parts.join("; "), metrics };
  },
};

async function runVitest(ctx: StepContext): Promise<Counts> {
  // --no-cache: verify leaves node_modules alone (vitest would write its results cache there).
  const result = await ctx.run(ctx.bin("vitest"), ["run", "--no-cache"]);
  const version = ctx.packageVersion("vitest");
  if (version) ctx.versions.vitest = version;
  const counts = vitestCounts(result.output);
  if (!result.ok) {
    const what = counts && counts.failed > 0 ? `${counts.failed} of ${counts.total} vitest tests failed` : `vitest failed (${result.spawnError ?? `exit code ${result.exitCode}`})`;
    throw new StepFailure(what, result.command, tail(result.output));
  }
  return counts ?? { passed: 0, failed: 0, total: 0 };
}

async function runPytest(ctx: StepContext): Promise<Counts> {
  const result = await ctx.run("python3", ["-m", "pytest", "-q"], { env: { PYTHONDONTWRITEBYTECODE: "1" } });
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
