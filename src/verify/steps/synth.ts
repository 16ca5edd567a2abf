import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { synthInputs } from "../cache/step-inputs.js";
import { StepFailure, type Step, type StepContext } from "../context.js";
import { tail } from "../exec.js";
import { missingFileProblem, neededFiles } from "../project-files.js";

const gnuTime = "/usr/bin/time";

/** Synthesized stacks: `cdktf.out/stacks/<name>/cdk.tf.json`. */
export function stackFiles(projectDir: string): string[] {
  const stacks = path.join(projectDir, "cdktf.out", "stacks");
  if (!existsSync(stacks)) return [];
  return readdirSync(stacks)
    .sort()
    .map((name) => path.join(stacks, name, "cdk.tf.json"))
    .filter((file) => existsSync(file));
}

/**
 * `node scripts/synth.mjs` (the app in-process, no cdktf CLI), timed, with its peak memory
 * when GNU time is there to measure it. It must write a fresh cdk.tf.json per stack.
 */
export const synthStep: Step = {
  id: "synth",
  describe: () => "node scripts/synth.mjs",
  inputs: synthInputs,
  outputs: ["cdktf.out"],
  async run(ctx) {
    const missing = missingFileProblem(ctx.dir, neededFiles.synth, "synth");
    if (missing) throw new StepFailure(missing);
    const started = Date.now();
    const { wallMs, peakRssKb } = await synth(ctx);
    for (const name of ["cdktf", "@cdktf/provider-aws"]) {
      const version = ctx.packageVersion(name);
      if (version) ctx.versions[name] = version;
    }
    const written = stackFiles(ctx.dir).filter((file) => statSync(file).mtimeMs >= started - 2000);
    if (written.length === 0) throw new StepFailure("scripts/synth.mjs wrote no cdktf.out/stacks/*/cdk.tf.json", "node scripts/synth.mjs");
    const resources = written.map((file) => countResources(JSON.parse(readFileSync(file, "utf8"))));
    const names = written.map((file) => path.basename(path.dirname(file))).join(", ");
    const memory = peakRssKb ? `, ${Math.round(peakRssKb / 1024)} MB peak` : "";
    return {
      status: "passed",
      detail: `${written.length} stack${written.length === 1 ? "" : "s"} (${names}), ${resources.reduce((a, b) => a + b, 0)} resources in ${(wallMs / 1000).toFixed(2)} s${memory}`,
      metrics: { wallMs, peakRssMb: peakRssKb ? Math.round(peakRssKb / 1024) : undefined, stacks: written.length },
    };
  },
};

async function synth(ctx: StepContext): Promise<{ wallMs: number; peakRssKb?: number }> {
  const measured = process.platform === "linux" && existsSync(gnuTime);
  const scratch = measured ? mkdtempSync(path.join(os.tmpdir(), "lambdaform-time-")) : undefined;
  const report = scratch ? path.join(scratch, "time.txt") : undefined;
  const [file, args] = report
    ? [gnuTime, ["-v", "-o", report, process.execPath, "scripts/synth.mjs"]]
    : [process.execPath, ["scripts/synth.mjs"]];
  try {
    const started = performance.now();
    const result = await ctx.run(file, args, { display: "node scripts/synth.mjs" });
    const wallMs = Math.round(performance.now() - started);
    if (!result.ok) {
      throw new StepFailure(`scripts/synth.mjs failed (${result.spawnError ?? `exit code ${result.exitCode}`})`, result.command, tail(result.output));
    }
    const rss = report && existsSync(report) ? readFileSync(report, "utf8").match(/Maximum resident set size \(kbytes\): (\d+)/) : null;
    return { wallMs, peakRssKb: rss ? Number(rss[1]) : undefined };
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

function countResources(stack: { resource?: Record<string, Record<string, unknown>> }): number {
  return Object.values(stack.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}
