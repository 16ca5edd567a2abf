import { performance } from "node:perf_hooks";
import { CancelledError } from "../errors.js";
import { readProject, StepAborted, StepContext, StepFailure, type ProjectInfo, type Step } from "./context.js";
import { reportExitCode } from "./exit-codes.js";
import { Progress } from "./progress.js";
import { checkStep } from "./steps/check.js";
import { installStep } from "./steps/install.js";
import { packageStep } from "./steps/package.js";
import { synthStep } from "./steps/synth.js";
import { terraformStep } from "./steps/terraform.js";
import { testStep } from "./steps/test.js";
import { typecheckStep } from "./steps/typecheck.js";
import type { StepId, StepResult, VerifyOptions, VerifyReport } from "./types.js";

const steps: readonly Step[] = [installStep, typecheckStep, testStep, packageStep, synthStep, checkStep, terraformStep];

/** Seconds each step may take before it fails as timed out. */
export const defaultTimeouts: Record<StepId, number> = {
  install: 300,
  typecheck: 120,
  test: 120,
  package: 120,
  synth: 120,
  check: 120,
  terraform: 120,
};

/**
 * Runs the steps in order and stops at the first failure (later steps are reported as not
 * run). Never changes the project's sources; a Ctrl-C stops the running command and throws
 * CancelledError.
 */
export async function verifyProject(options: VerifyOptions): Promise<VerifyReport> {
  const started = performance.now();
  const project = readProject(options.dir);
  const progress = new Progress(options.io);
  const report: VerifyReport = { project: options.dir, ok: true, steps: [], versions: { node: process.version }, rules: [], durationMs: 0 };
  const chosen = options.onlyInstall ? steps.filter((s) => s.id === "install") : steps;
  for (const step of chosen) {
    const failed = report.steps.find((s) => s.status === "failed");
    const result = failed
      ? { id: step.id, status: "skipped" as const, durationMs: 0, detail: `not run: ${failed.id} failed` }
      : await runStep(step, project, options, report, progress);
    if (!failed) progress.finish(result);
    report.steps.push(result);
  }
  report.ok = report.steps.every((s) => s.status !== "failed");
  report.durationMs = Math.round(performance.now() - started);
  progress.summary(report, reportExitCode(report), options.onlyInstall);
  return report;
}

async function runStep(step: Step, project: ProjectInfo, options: VerifyOptions, report: VerifyReport, progress: Progress): Promise<StepResult> {
  const limit = options.timeouts?.[step.id] ?? defaultTimeouts[step.id];
  const timeout = AbortSignal.timeout(limit * 1000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const ctx = new StepContext(project, options, signal, report.versions, report.rules);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  progress.start(step.id, step.describe(ctx));
  try {
    const { status, detail, notes, metrics } = await untilAborted(step.run(ctx), signal);
    return { id: step.id, status, durationMs: elapsed(), detail, notes: notes?.length ? notes : undefined, metrics };
  } catch (error) {
    if (options.signal?.aborted) {
      progress.finish({ id: step.id, status: "failed", durationMs: elapsed(), detail: "cancelled" });
      // Callers that know how the user named the folder replace this with their own line.
      throw new CancelledError(`verify cancelled; ${options.dir} is complete: \`lambdaform verify ${options.dir}\` runs the checks again`);
    }
    const failure = asFailure(error, timeout.aborted ? limit : undefined, ctx.current);
    return { id: step.id, status: "failed", durationMs: elapsed(), detail: failure.message, command: failure.command, output: failure.output };
  }
}

function asFailure(error: unknown, timedOutAfter: number | undefined, running: string | undefined): StepFailure {
  if (timedOutAfter !== undefined) return new StepFailure(`timed out after ${timedOutAfter} s`, running);
  if (error instanceof StepFailure) return error;
  if (error instanceof StepAborted) return new StepFailure("stopped");
  return new StepFailure(`internal error: ${error instanceof Error ? error.message : String(error)}`);
}

/** Settles with `work`, or rejects as soon as the signal aborts (in-process work cannot be killed). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new StepAborted());
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new StepAborted());
    signal.addEventListener("abort", onAbort, { once: true });
  });
  work.catch(() => {});
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener("abort", onAbort));
}
