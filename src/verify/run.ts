import { performance } from "node:perf_hooks";
import { CancelledError } from "../errors.js";
import { cacheKey, fileChanges, forgetSources, inputsBase, outputFiles, type FileHashes } from "./cache/inputs.js";
import { cachedResult, dropEntry, readEntry, readLastPass, writeEntry } from "./cache/store.js";
import { readProject, StepAborted, StepContext, StepFailure, type ProjectInfo, type Step } from "./context.js";
import { reportExitCode } from "./exit-codes.js";
import { Progress } from "./progress.js";
import { checkStep } from "./steps/check.js";
import { emulateStep } from "./steps/emulate.js";
import { installStep } from "./steps/install.js";
import { packageStep } from "./steps/package.js";
import { synthStep } from "./steps/synth.js";
import { terraformStep } from "./steps/terraform.js";
import { testStep } from "./steps/test.js";
import { typecheckStep } from "./steps/typecheck.js";
import type { StepId, StepResult, VerifyOptions, VerifyReport } from "./types.js";

/** A step and the steps whose results it needs: it starts once they have passed (or were skipped). */
interface Stage {
  step: Step;
  needs: readonly StepId[];
}

/**
 * The pipeline, in report order. Typecheck, tests and the package → synth → check → terraform
 * chain only need the installed dependencies, so they run side by side; adding a step is one
 * entry here (and its id, exit code and time limit).
 */
const pipeline: readonly Stage[] = [
  { step: installStep, needs: [] },
  { step: typecheckStep, needs: ["install"] },
  { step: testStep, needs: ["install"] },
  { step: packageStep, needs: ["install"] },
  { step: synthStep, needs: ["package"] },
  { step: checkStep, needs: ["synth"] },
  { step: terraformStep, needs: ["check"] },
  { step: emulateStep, needs: ["terraform"] },
];

/** Seconds each step may take before it fails as timed out. */
export const defaultTimeouts: Record<StepId, number> = {
  install: 300,
  typecheck: 120,
  test: 120,
  package: 120,
  synth: 120,
  check: 120,
  terraform: 120,
  // Applying, planning and destroying every resource of a large stack on a busy machine.
  emulate: 900,
};

interface Running {
  /** Stops the step because another failed (its own time limit and Ctrl-C have their signals). */
  stop: AbortController;
  done: Promise<{ id: StepId; result?: StepResult; error?: unknown }>;
}

/**
 * Runs each step once the steps it needs have passed, independent ones at the same time.
 * After a failure nothing new starts (those steps are reported as not run), running steps
 * later in the report's order are stopped, and earlier ones finish, so the exit code is the
 * first failing step's in that order however the timing fell. Never changes the project's
 * sources; a Ctrl-C stops every running command and throws CancelledError.
 */
export async function verifyProject(options: VerifyOptions): Promise<VerifyReport> {
  const started = performance.now();
  const project = readProject(options.dir);
  forgetSources(options.dir);
  const stages = options.onlyInstall ? pipeline.filter((s) => s.step.id === "install") : pipeline;
  const order = stages.map((s) => s.step.id);
  const progress = new Progress(options.io, order);
  const report: VerifyReport = { project: options.dir, ok: true, steps: [], versions: { node: process.version }, rules: [], durationMs: 0 };
  const results = new Map<StepId, StepResult>();
  const running = new Map<StepId, Running>();
  const firstFailure = () => order.find((id) => results.get(id)?.status === "failed");
  let cancelled: unknown;
  // Started now, so they overlap install and the steps before theirs; stopped when verify ends.
  const preparing = new AbortController();
  const prepared = new Map<StepId, Promise<unknown>>();
  for (const { step } of stages) {
    if (!step.prepare) continue;
    const signal = AbortSignal.any([...(options.signal ? [options.signal] : []), preparing.signal]);
    const ctx = new StepContext(project, options, signal, {}, []);
    prepared.set(step.id, step.prepare(ctx).catch(() => undefined));
  }

  for (;;) {
    const failed = firstFailure();
    for (const { step, needs } of stages) {
      if (results.has(step.id) || running.has(step.id) || cancelled) continue;
      if (failed) {
        const result: StepResult = { id: step.id, status: "skipped", durationMs: 0, detail: `not run: ${failed} failed` };
        results.set(step.id, result);
        progress.finish(result, false);
      } else if (needs.every((id) => results.has(id))) {
        const stop = new AbortController();
        const done = runStep(step, project, options, report, progress, stop.signal, prepared.get(step.id)).then(
          (result) => ({ id: step.id, result }),
          (error: unknown) => ({ id: step.id, error }),
        );
        running.set(step.id, { stop, done });
      }
    }
    if (running.size === 0) break;
    const { id, result, error } = await Promise.race([...running.values()].map((r) => r.done));
    running.delete(id);
    if (error !== undefined) {
      // Ctrl-C: every running step sees the same signal; wait for their children to be stopped.
      cancelled ??= error;
      continue;
    }
    results.set(id, result!);
    if (result!.status === "failed") {
      const at = order.indexOf(id);
      for (const [other, run] of running) if (order.indexOf(other) > at) run.stop.abort(id);
    }
  }
  preparing.abort();
  progress.flush();
  if (cancelled !== undefined) throw cancelled;
  report.steps = order.map((id) => results.get(id)!);
  report.ok = report.steps.every((s) => s.status !== "failed");
  report.durationMs = Math.round(performance.now() - started);
  progress.summary(report, reportExitCode(report), options.onlyInstall);
  return report;
}

async function runStep(
  step: Step,
  project: ProjectInfo,
  options: VerifyOptions,
  report: VerifyReport,
  progress: Progress,
  stop: AbortSignal,
  prepared: Promise<unknown> | undefined,
): Promise<StepResult> {
  const limit = options.timeouts?.[step.id] ?? defaultTimeouts[step.id];
  const timeout = AbortSignal.timeout(limit * 1000);
  const signal = AbortSignal.any([...(options.signal ? [options.signal] : []), timeout, stop]);
  // The versions this step reports, kept with its cached result.
  const reported: Record<string, string> = {};
  const versions = new Proxy(report.versions, {
    set(target, name, value) {
      target[name as string] = value;
      reported[name as string] = value;
      return true;
    },
  });
  const ctx = new StepContext(project, options, signal, versions, report.rules);
  ctx.prepared = prepared;
  const inputs = await stepInputs(step, ctx);
  if (inputs && options.cache !== false) {
    const entry = readEntry(project.dir, step.id, inputs.key);
    // Reused only while the files it wrote for later steps are as it wrote them.
    if (entry && (step.outputs ?? []).every((folder) => sameFiles(outputFiles(project.dir, folder), entry.outputs, folder))) {
      Object.assign(report.versions, entry.versions);
      const result = cachedResult(step.id, entry);
      progress.finish(result);
      return result;
    }
    // Only files changed since the step last passed, with the same tools and settings: a step
    // that can tell what they touch reruns only that (the tests of one edited handler).
    const last = step.incremental ? readLastPass(project.dir, step.id) : undefined;
    if (last?.inputs?.base === inputs.base) ctx.changes = fileChanges(last.inputs.files, inputs.files);
  }
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  progress.start(step.id, step.describe(ctx));
  let result: StepResult;
  try {
    const { status, detail, notes, metrics } = await untilAborted(step.run(ctx), signal);
    result = { id: step.id, status, durationMs: elapsed(), detail, notes: notes?.length ? notes : undefined, metrics };
  } catch (error) {
    if (options.signal?.aborted) {
      progress.finish({ id: step.id, status: "failed", durationMs: elapsed(), detail: "cancelled" });
      // Callers that know how the user named the folder replace this with their own line.
      throw new CancelledError(`verify cancelled; ${options.dir} is complete: \`lambdaform verify ${options.dir}\` runs the checks again`);
    }
    if (stop.aborted && !timeout.aborted) {
      result = { id: step.id, status: "skipped", durationMs: elapsed(), detail: `stopped: ${String(stop.reason)} failed` };
    } else {
      const failure = asFailure(error, timeout.aborted ? limit : undefined, ctx.current);
      result = { id: step.id, status: "failed", durationMs: elapsed(), detail: failure.message, command: failure.command, output: failure.output };
    }
  }
  if (inputs) remember(step, project.dir, inputs, result, reported);
  progress.finish(result);
  return result;
}

/** The step's cache key and what it hashed, or none when it has no declared inputs or they cannot be read (it then simply runs). */
async function stepInputs(step: Step, ctx: StepContext): Promise<{ key: string; base: string; files: FileHashes } | undefined> {
  if (!step.inputs) return undefined;
  try {
    const inputs = await step.inputs(ctx);
    return { key: cacheKey(step.id, inputs), base: inputsBase(step.id, inputs), files: inputs.files };
  } catch {
    return undefined;
  }
}

/** Keeps a pass for the next run; a failure drops what was kept, so no earlier pass can ever answer for it. */
function remember(step: Step, dir: string, inputs: { key: string; base: string; files: FileHashes }, result: StepResult, versions: Record<string, string>): void {
  try {
    if (result.status === "failed") return dropEntry(dir, step.id);
    // Skipped (Terraform unavailable, stopped by another failure): nothing learned either way.
    if (result.status !== "passed") return;
    const outputs = Object.assign({}, ...(step.outputs ?? []).map((folder) => outputFiles(dir, folder)));
    const { key, base, files } = inputs;
    writeEntry(dir, step.id, { key, detail: result.detail, notes: result.notes, metrics: result.metrics, versions, outputs, ...(step.incremental ? { inputs: { base, files } } : {}) });
  } catch {
    // A read-only project still verifies; it only runs every step next time.
  }
}

function sameFiles(now: Record<string, string>, recorded: Record<string, string>, folder: string): boolean {
  const wanted = Object.entries(recorded).filter(([rel]) => rel.startsWith(`${folder}/`));
  return wanted.length === Object.keys(now).length && wanted.every(([rel, hash]) => now[rel] === hash);
}

function asFailure(error: unknown, timedOutAfter: number | undefined, running: string | undefined): StepFailure {
  if (timedOutAfter !== undefined) return new StepFailure(`timed out after ${timedOutAfter} s`, running);
  if (error instanceof StepFailure) return error;
  if (error instanceof StepAborted) return new StepFailure("stopped");
  return new StepFailure(`internal error: ${error instanceof Error ? error.message : String(error)}`);
}

/** Settles with `work`, or rejects as soon as the signal aborts (in-process work cannot be killed). */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  // The work's own failure after it was given up on (a command killed by the abort) is not
  // news: handled here, on every path, or it would surface as an unhandled rejection.
  work.catch(() => {});
  if (signal.aborted) return Promise.reject(new StepAborted());
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new StepAborted());
    signal.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener("abort", onAbort));
}
