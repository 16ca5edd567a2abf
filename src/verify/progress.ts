import type { Io } from "../cli/io.js";
import type { StepId, StepResult, VerifyReport } from "./types.js";

const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const marks: Record<StepResult["status"], string> = { passed: "✓", failed: "✗", skipped: "–" };

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Prints verify's progress on stderr: a spinner line per running step on a terminal, plain
 * lines otherwise (CI logs, --json), then one ✓/✗/– line per step with its duration.
 */
export class Progress {
  private timer?: NodeJS.Timeout;

  constructor(private readonly io: Io) {}

  start(id: StepId, description: string): void {
    const status = this.io.status?.bind(this.io);
    if (!status) {
      this.io.err(`… ${id.padEnd(9)} ${description}`);
      return;
    }
    const started = Date.now();
    let frame = 0;
    const draw = () => status(`${frames[frame++ % frames.length]} ${id.padEnd(9)} ${description}  ${seconds(Date.now() - started)}`);
    draw();
    this.timer = setInterval(draw, 100);
    this.timer.unref();
  }

  finish(result: StepResult): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.io.status?.(undefined);
    this.io.err(`${marks[result.status]} ${result.id.padEnd(9)} ${seconds(result.durationMs).padStart(7)}  ${result.detail}`);
    for (const note of result.notes ?? []) this.io.err(`    ${note}`);
    if (result.status !== "failed") return;
    if (result.command) this.io.err(`    $ ${result.command}`);
    if (result.output) for (const line of result.output.split("\n")) this.io.err(`    │ ${line}`);
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
