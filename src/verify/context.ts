import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { LambdaformError } from "../errors.js";
import { runtimes, type Language } from "../catalog/runtimes.js";
import { manifestFile, type Manifest } from "../manifest/manifest.js";
import { readManifest } from "../manifest/read.js";
import { commandLine, exec, tail, type ExecResult } from "./exec.js";
import type { FileChanges, StepInputs } from "./cache/inputs.js";
import type { RuleResult } from "./rules/index.js";
import type { StepId, StepResult, VerifyOptions } from "./types.js";

/** A step's verdict when it does not fail; failures are thrown as StepFailure. */
export type StepOutcome = Pick<StepResult, "detail" | "notes" | "metrics"> & { status: "passed" | "skipped" };

export interface Step {
  id: StepId;
  /** What the step runs, shown while it runs. */
  describe(ctx: StepContext): string;
  run(ctx: StepContext): Promise<StepOutcome>;
  /**
   * What the step's result depends on, for the step cache: a passed result is reused while
   * these are unchanged. Without it the step always runs (cheap steps, and install, which
   * decides itself when npm can be skipped).
   */
  inputs?(ctx: StepContext): StepInputs | Promise<StepInputs>;
  /**
   * Work that needs nothing from other steps, started when verify starts so that it overlaps
   * them (Terraform's provider init during npm install); `run` finds what it resolves to as
   * `ctx.prepared`. Its failure is not the step's: `run` does what it needs itself. Its signal
   * aborts when verify ends, to stop whatever it left running.
   */
  prepare?(ctx: StepContext): Promise<unknown>;
  /** Folders of the project the step writes and later steps read: a cached pass needs them as written. */
  outputs?: readonly string[];
  /**
   * It can rerun only what a change touches: its cache entry keeps the files it passed with, and
   * `ctx.changes` tells it which changed since (only when nothing else in its inputs did).
   */
  incremental?: boolean;
}

/** A step failed for a reason worth one line, with the command and its output when there was one. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly command?: string,
    readonly output?: string,
  ) {
    super(message);
    this.name = "StepFailure";
  }
}

export interface ProjectInfo {
  dir: string;
  manifest: Manifest;
  language: Language;
}

export function readProject(dir: string): ProjectInfo {
  // Upgrades an older schema in memory and refuses a newer one, naming both versions.
  const manifest: Manifest = readManifest(dir);
  if (typeof manifest.spec.runtime !== "string") {
    throw new LambdaformError("notAProject", `${path.join(dir, manifestFile)} has no spec with a runtime and functions`);
  }
  const runtime = runtimes.find((r) => r.id === manifest.spec.runtime);
  if (!runtime) throw new LambdaformError("notAProject", `${path.join(dir, manifestFile)} names an unknown runtime ${manifest.spec.runtime}`);
  const language: Language = runtime.language;
  return { dir, manifest, language };
}

/** What every step can use; one is made per step, with that step's abort signal. */
export class StepContext {
  /** The command running now, named in a timeout's report. */
  current?: string;
  /**
   * For an incremental step: the files changed since it last passed with the same tools and
   * settings. Absent when there is no such pass (or with --no-cache): the step runs whole.
   */
  changes?: FileChanges;
  /** The step's `prepare`, started when verify started (settled, never rejected; undefined when it failed). */
  prepared?: Promise<unknown>;

  constructor(
    readonly project: ProjectInfo,
    readonly options: VerifyOptions,
    readonly signal: AbortSignal,
    /** Shared across steps: tool versions and rule results end up in the report. */
    readonly versions: Record<string, string>,
    readonly rules: RuleResult[],
  ) {}

  get dir(): string {
    return this.project.dir;
  }

  /** A program from the project's node_modules/.bin; fails clearly when dependencies are absent. */
  bin(name: string): string {
    const file = path.join(this.dir, "node_modules", ".bin", name);
    if (existsSync(file)) return file;
    if (!existsSync(path.join(this.dir, "node_modules"))) {
      const hint = this.options.install ? "" : " (verify ran with --no-install)";
      throw new StepFailure(`node_modules is missing: run \`npm install\` in ${this.dir}${hint}`);
    }
    throw new StepFailure(`node_modules/.bin/${name} is missing: run \`npm install\` in ${this.dir}`);
  }

  run(file: string, args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined>; display?: string } = {}): Promise<ExecResult> {
    const shown = file.startsWith(this.dir + path.sep) ? path.relative(this.dir, file) : file;
    this.current = options.display ?? commandLine(shown, args);
    return exec(file, args, { cwd: options.cwd ?? this.dir, signal: this.signal, env: options.env, display: this.current });
  }

  /** Runs a command that must succeed; its failure fails the step with its output's tail. */
  async mustRun(file: string, args: readonly string[], what: string, options: { cwd?: string; display?: string } = {}): Promise<ExecResult> {
    const result = await this.run(file, args, options);
    if (result.canceled) throw new StepAborted();
    if (!result.ok) {
      const why = result.spawnError ?? `exit code ${result.exitCode}`;
      throw new StepFailure(`${what} failed (${why})`, result.command, tail(result.output));
    }
    return result;
  }

  /** A path relative to the project, for messages. */
  rel(file: string): string {
    return path.relative(this.dir, file) || ".";
  }

  /** Version of an installed package of the project, if present. */
  packageVersion(name: string): string | undefined {
    try {
      return JSON.parse(readFileSync(path.join(this.dir, "node_modules", name, "package.json"), "utf8")).version;
    } catch {
      return undefined;
    }
  }
}

/** Thrown when the step's signal stopped a command; the runner tells a timeout from a Ctrl-C. */
export class StepAborted extends Error {
  constructor() {
    super("aborted");
    this.name = "StepAborted";
  }
}
