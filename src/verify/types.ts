import type { Io } from "../cli/io.js";
import type { RuleResult } from "./rules/index.js";

export const stepIds = ["install", "typecheck", "test", "package", "synth", "check", "terraform", "emulate"] as const;
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
  /** A skipped terraform step fails the run (--require-terraform, LAMBDAFORM_REQUIRE_TERRAFORM=1). */
  requireTerraform?: boolean;
  /** Apply the stack to an AWS emulator, plan again and destroy (--emulate). */
  emulate?: boolean;
  /** The emulate step runs, and a skip is a failure (--require-emulator). */
  requireEmulator?: boolean;
  /** A running emulator to use instead of a fresh moto (--endpoint). */
  endpoint?: string;
  io: Io;
  /** Machine-readable output wanted: progress goes to stderr only. */
  json: boolean;
  /** Stops running children when aborted (Ctrl-C). */
  signal?: AbortSignal;
  /** Reuse passed results of unchanged steps and skip an install node_modules already matches (false with --no-cache). */
  cache?: boolean;
  /** Per-step time limits in seconds, overriding the defaults (install 300, others 120). */
  timeouts?: Partial<Record<StepId, number>>;
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
  /** Further lines worth printing every run (waived rules, substitutions made in a scratch copy). */
  notes?: string[];
  /** Measurements: test counts, package sizes, synth time and memory, provider version. */
  metrics?: Record<string, unknown>;
  /** Not run: it passed before with the same inputs (the step cache, `.lambdaform/cache/`). */
  cached?: boolean;
}

export interface VerifyReport {
  project: string;
  ok: boolean;
  steps: StepResult[];
  /** Tool versions used (node, typescript, terraform, aws provider, python, ...). */
  versions: Record<string, string>;
  /** Security rule results from the check step (passed, failed and waived). */
  rules: RuleResult[];
  durationMs: number;
}
