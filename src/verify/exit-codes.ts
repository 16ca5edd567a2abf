import type { StepId, VerifyReport } from "./types.js";

/** A failed verify exits with its step's code, so CI logs say at a glance what broke. */
const codes: Record<StepId, number> = {
  install: 11,
  typecheck: 12,
  test: 13,
  package: 14,
  synth: 15,
  check: 16,
  terraform: 17,
  emulate: 18,
};

export function stepExitCode(step: StepId): number {
  return codes[step];
}

/** 0 when every step passed or was skipped, else the first failed step's code. */
export function reportExitCode(report: VerifyReport): number {
  const failed = report.steps.find((s) => s.status === "failed");
  return failed ? stepExitCode(failed.id) : 0;
}
