import type { Io } from "../cli/io.js";

export const stepIds = ["install", "typecheck", "test", "package", "synth", "check", "terraform"] as const;
export type StepId = (typeof stepIds)[number];

export interface VerifyOptions {
  /** The generated project's folder. */
  dir: string;
  /** Run `npm install` first (false with --no-install). */
  install: boolean;
  /** Stop after installing (create --no-verify without --no-install). */
  onlyInstall?: boolean;
  /** Extra folder of Terraform providers, passed to `terraform init -plugin-dir`. */
  pluginDir?: string;
  io: Io;
  /** Machine-readable output wanted: progress goes to stderr only. */
  json: boolean;
  /** Stops running children when aborted (Ctrl-C). */
  signal?: AbortSignal;
}

export interface StepResult {
  id: StepId;
  status: "passed" | "failed" | "skipped";
  durationMs: number;
  /** One line: what was done, why it was skipped, or why it failed. */
  detail: string;
  command?: string;
  /** Tail of the command's output when it failed. */
  output?: string;
}

export interface VerifyReport {
  project: string;
  ok: boolean;
  steps: StepResult[];
  /** Tool versions used (node, typescript, terraform, aws provider, python, ...). */
  versions: Record<string, string>;
}
