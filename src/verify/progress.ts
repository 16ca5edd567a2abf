import type { Io } from "../cli/io.js";
import { stepIds, type StepId, type StepResult, type VerifyReport } from "./types.js";

const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const marks: Record<StepResult["status"], string> = { passed: "✓", failed: "✗", skipped: "–" };

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Prints verify's progress on stderr. On a terminal: a spinner line per running step (steps
 * run side by side), and a ✓/✗/– line with its duration as each finishes. Otherwise (CI
 * logs, --json): a plain line as each step starts, and the finished lines in the pipeline's
 * order whatever order the steps finished in, so logs of two runs compare line by line.
 */
export class Progress {
  private timer?: NodeJS.Timeout;
  private frame = 0;
  private readonly running = new Map<StepId, { description: string; started: number }>();
  /** Finished steps not printed yet (non-terminal output); null for a step with no line (not run). */
  private readonly held = new Map<StepId, StepResult | null>();
  private next = 0;

  constructor(
    private readonly io: Io,
    /** The report's order, which plain output keeps. */
    private readonly order: readonly StepId[] = stepIds,
  ) {}

  start(id: StepId, description: string): void {
    if (!this.io.status) {
      this.io.err(`… ${id.padEnd(9)} ${description}`);
      return;
    }
    this.running.set(id, { description, started: Date.now() });
    this.draw();
    if (!this.timer) {
      this.timer = setInterval(() => this.draw(), 100);
      this.timer.unref();
    }
  }

  /** A step is done; `print` false for steps that never ran (after another failed), which get no line. */
  finish(result: StepResult, print = true): void {
    this.running.delete(result.id);
    if (this.io.status) {
      if (print) {
        this.io.status(undefined);
        this.line(result);
      }
      if (this.running.size > 0) this.draw();
      else this.stopDrawing();
      return;
    }
    this.held.set(result.id, print ? result : null);
    while (this.next < this.order.length && this.held.has(this.order[this.next]!)) {
      const ready = this.held.get(this.order[this.next++]!);
      if (ready) this.line(ready);
    }
  }

  /** Prints whatever is still held (a cancelled run) and stops the spinner. */
  flush(): void {
    this.stopDrawing();
    for (const id of this.order.slice(this.next)) {
      const ready = this.held.get(id);
      if (ready) this.line(ready);
    }
    this.next = this.order.length;
  }

  private line(result: StepResult): void {
    const detail = result.cached ? `cached: ${result.detail}` : result.detail;
    this.io.err(`${marks[result.status]} ${result.id.padEnd(9)} ${seconds(result.durationMs).padStart(7)}  ${detail}`);
    for (const note of result.notes ?? []) this.io.err(`    ${note}`);
    if (result.status !== "failed") return;
    if (result.command) this.io.err(`    $ ${result.command}`);
    if (result.output) for (const line of result.output.split("\n")) this.io.err(`    │ ${line}`);
  }

  private draw(): void {
    const frame = frames[this.frame++ % frames.length];
    const now = Date.now();
    const lines = [...this.running].map(([id, r]) => `${frame} ${id.padEnd(9)} ${r.description}  ${seconds(now - r.started)}`);
    this.io.status?.(lines.join("\n"));
  }

  private stopDrawing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.running.size === 0) this.io.status?.(undefined);
  }

  /** `onlyInstall`: create --no-verify, where nothing was checked and "verify passed" would be a lie. */
  summary(report: VerifyReport, exitCode: number, onlyInstall = false): void {
    const failed = report.steps.find((s) => s.status === "failed");
    // A pass with skipped steps says so, so nobody mistakes "not checked" for "checked".
    const skipped = report.steps.filter((s) => s.status === "skipped").map((s) => s.id);
    this.io.err(
      failed
        ? `${onlyInstall ? "install" : "verify"} failed at ${failed.id} (exit ${exitCode}) after ${seconds(report.durationMs)}`
        : onlyInstall
          ? `installed in ${seconds(report.durationMs)}; nothing checked (--no-verify)`
          : `verify passed in ${seconds(report.durationMs)}${skipped.length ? ` (skipped: ${skipped.join(", ")})` : ""}`,
    );
  }
}
