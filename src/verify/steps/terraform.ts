import { copyFileSync, existsSync, readFileSync, realpathSync, rmSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { engineOf } from "../../catalog/engines.js";
import { terraformInputs } from "../cache/step-inputs.js";
import { cacheFolder } from "../cache/store.js";
import { StepFailure, type Step, type StepContext, type StepOutcome } from "../context.js";
import { tail } from "../exec.js";
import { dropEntry, dropLinks, fillEntry, initKey, readEntry, useEntry, type InitRecord } from "../terraform/init-cache.js";
import { writeMockTest } from "../terraform/mock-test.js";
import { awsProviderBinary, reattachFailed, startProviderServer, type ProviderServer } from "../terraform/provider-server.js";
import { applySubstitutions, knownGaps, runtimeSubstitutions, type Diagnostic, type RuntimeSubstitution } from "../terraform/runtime-fallback.js";
import { remember, rememberedSubstitutions } from "../terraform/runtime-memory.js";
import {
  copyStack,
  firstError,
  isProviderInstallError,
  lockedAwsVersion,
  pinnedAwsVersion,
  relaxedConstraint,
  writeVersionOverride,
} from "../terraform/scratch.js";
import { providerHint } from "../terraform/settings.js";
import { stackFiles } from "./synth.js";

/** Ends the step as skipped: Terraform or a provider is not available here. */
class Unavailable extends Error {}

/**
 * Offline Terraform on a scratch copy of each stack: init (providers from Terraform's own
 * settings or --plugin-dir), validate, and a plan against a mocked aws provider.
 */
export const terraformStep: Step = {
  id: "terraform",
  describe: () => "terraform init, then validate and a mocked plan in one terraform test (scratch copy, offline)",
  inputs: terraformInputs,
  prepare: prepareInit,
  async run(ctx) {
    const outcome = await checkStacks(ctx);
    // CI that must prove the stacks valid cannot pass on a machine where they were not checked.
    if (outcome.status === "skipped" && ctx.options.requireTerraform) {
      throw new StepFailure(`required (--require-terraform) but could not run: ${outcome.detail}`);
    }
    return outcome;
  },
};

async function checkStacks(ctx: StepContext): Promise<StepOutcome> {
  const version = await terraformVersion(ctx);
  if (!version) return { status: "skipped", detail: "terraform is not on PATH; install Terraform >= 1.7 to validate the stacks" };
  ctx.versions.terraform = version;
  const details: string[] = [];
  const metrics: Record<string, unknown> = { terraform: version };
  const plugin = new SharedPlugin(ctx, await preparedPlugin(ctx));
  try {
    for (const file of stackFiles(ctx.dir)) details.push(...(await checkStack(ctx, file, metrics, plugin)));
  } catch (error) {
    if (error instanceof Unavailable) return { status: "skipped", detail: error.message, metrics };
    throw error;
  } finally {
    plugin.stop();
  }
  const provider = ctx.versions["aws-provider"];
  const head = `terraform ${version}, aws provider ${provider}: init, validate and a mocked plan passed offline`;
  return { status: "passed", detail: [head, ...details].join("; "), metrics };
}

async function terraformVersion(ctx: StepContext): Promise<string | undefined> {
  const result = await ctx.run("terraform", ["version", "-json"]);
  if (result.spawnError) return undefined;
  try {
    return JSON.parse(result.stdout).terraform_version;
  } catch {
    return result.stdout.match(/Terraform v(\S+)/)?.[1] ?? "unknown";
  }
}

async function checkStack(ctx: StepContext, stackFile: string, metrics: Record<string, unknown>, plugin: SharedPlugin): Promise<string[]> {
  const stack = JSON.parse(readFileSync(stackFile, "utf8"));
  const scratch = copyStack(path.dirname(stackFile));
  const timed = async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      metrics[key] = ((metrics[key] as number | undefined) ?? 0) + Math.round(performance.now() - started);
    }
  };
  try {
    writeMockTest(scratch, stack, ctx.project.manifest.spec.region);
    const entry = await timed("initMs", () => initFromCache(ctx, scratch, stack, metrics));
    if (entry) {
      try {
        const details = adopt(ctx, entry.record, metrics);
        details.push(...(await timed("planMs", () => validateAndPlan(ctx, scratch, metrics, plugin))));
        return details;
      } catch (error) {
        // A provider gone from the mirror since the entry was made: forget it and init here.
        if (!(error instanceof StepFailure) || !needsInit(error)) throw error;
        dropEntry(entry.dir, scratch);
        delete metrics.initCached;
        // As synthesized again: the run that failed may have swapped runtimes in the copy.
        copyFileSync(stackFile, path.join(scratch, "cdk.tf.json"));
      }
    }
    const details = adopt(ctx, await timed("initMs", () => init(ctx, scratch, stack)), metrics);
    details.push(...(await timed("planMs", () => validateAndPlan(ctx, scratch, metrics, plugin))));
    return details;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The scratch copy initialized from this user's init cache (init-cache.ts), filling the entry
 * first when there is none; undefined with --no-cache, or when the entry cannot be kept.
 */
async function initFromCache(ctx: StepContext, scratch: string, stack: any, metrics: Record<string, unknown>): Promise<{ dir: string; record: InitRecord } | undefined> {
  const required = stack?.terraform?.required_providers;
  if (ctx.options.cache === false || !required) return undefined;
  const key = initKey(required, ctx.options.pluginDir);
  if (!key) return undefined;
  // The init started with verify (prepare) may be filling this very entry.
  await ctx.prepared;
  let entry = readEntry(key);
  if (entry) metrics.initCached = true;
  else entry = await fillFor(ctx, key, required);
  if (!entry) return undefined;
  try {
    useEntry(entry.dir, scratch);
    return entry;
  } catch {
    // A link cannot be made here: init in the scratch copy, as without the cache.
    dropLinks(scratch);
    return undefined;
  }
}

/**
 * Fills the init cache's entry for the providers the project's engine pins, while install and
 * the steps before this one run: a new machine's first verify then finds init done. Nothing
 * here fails the step; it inits itself when the stack turns out to need other providers.
 *
 * When nothing of the step is cached in the project (its first verify, as in create), the
 * entry's aws plugin is started too, for the step's runs to share (SharedPlugin); a later
 * verify mostly reuses the step's result, so it starts the plugin only when the step runs.
 */
async function prepareInit(ctx: StepContext): Promise<PreparedInit | undefined> {
  if (ctx.options.cache === false) return undefined;
  const required = { aws: { source: "aws", version: engineOf(ctx.project.manifest.spec).awsProvider } };
  const key = initKey(required, ctx.options.pluginDir);
  if (!key) return undefined;
  const entry = readEntry(key) ?? (await fillFor(ctx, key, required).catch(() => undefined));
  if (!entry || existsSync(path.join(ctx.dir, cacheFolder, "terraform.json"))) return undefined;
  const binary = awsProviderBinary(path.join(entry.dir, ".terraform"));
  // The prepare's signal aborts when verify ends: a plugin the step did not use stops then.
  return binary ? new PreparedInit(startProviderServer(binary, ctx.signal)) : undefined;
}

/** What prepareInit leaves for the step: the plugin it started, still starting perhaps. */
class PreparedInit {
  constructor(readonly plugin: Promise<ProviderServer | undefined>) {}
}

async function preparedPlugin(ctx: StepContext): Promise<ProviderServer | undefined> {
  const prepared = await ctx.prepared;
  return prepared instanceof PreparedInit ? prepared.plugin : undefined;
}

/**
 * The aws plugin the step's `terraform test` runs share (provider-server.ts): the one prepared
 * when it is the binary a scratch copy was initialized with, else one started from that copy's
 * .terraform. A run it fails for the plugin's sake runs again without it (Terraform starts its own).
 */
class SharedPlugin {
  private broken = false;
  /** Where the plugin in use came from, for the step's metrics. */
  origin: "started with verify" | "started by the step" = "started with verify";

  constructor(
    private readonly ctx: StepContext,
    private server: ProviderServer | undefined,
  ) {}

  /** The environment for a run in `scratch`: the reattach settings, or none. */
  async envFor(scratch: string): Promise<Record<string, string>> {
    if (this.broken) return {};
    const binary = awsProviderBinary(path.join(scratch, ".terraform"));
    if (!binary) return {};
    if (this.server && !sameFile(this.server.binary, binary)) this.stop();
    if (!this.server) {
      this.server = await startProviderServer(binary, this.ctx.signal);
      this.origin = "started by the step";
      // A plugin that would not start once is not waited for again.
      if (!this.server) this.broken = true;
    }
    return this.server?.env ?? {};
  }

  /** After a run through the plugin failed with a message about the plugin itself: Terraform starts its own from now on. */
  drop(): void {
    this.broken = true;
    this.stop();
  }

  stop(): void {
    this.server?.stop();
    this.server = undefined;
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** Fills the init cache's entry for `key` by running init on a configuration that requires only `required`. */
function fillFor(ctx: StepContext, key: string, required: unknown): Promise<{ dir: string; record: InitRecord } | undefined> {
  return fillEntry(key, required, (dir) => init(ctx, dir, { terraform: { required_providers: required } }));
}

/** Terraform refusing to run until init runs again (a lock file or provider it cannot find). */
function needsInit(error: StepFailure): boolean {
  return /run "?terraform init|Inconsistent dependency lock file|Required plugins are not installed|no package for .* cached in \.terraform|could not read package directory|Could not load plugin|Failed to load plugin schemas|Missing required provider/i.test(
    `${error.message}\n${error.output ?? ""}`,
  );
}

/** What init found, into the report: the provider version, and how the constraint was relaxed. */
function adopt(ctx: StepContext, record: InitRecord, metrics: Record<string, unknown>): string[] {
  ctx.versions["aws-provider"] = record.provider;
  metrics.awsProvider = record.provider;
  if (record.relaxedConstraint) metrics.relaxedConstraint = record.relaxedConstraint;
  return [...record.details];
}

/** `terraform init` in `dir`; when the pinned provider is not installable, again with a relaxed constraint. */
async function init(ctx: StepContext, dir: string, stack: any): Promise<InitRecord> {
  const args = ["init", "-backend=false", "-input=false", "-no-color"];
  if (ctx.options.pluginDir) args.push(`-plugin-dir=${path.resolve(ctx.options.pluginDir)}`);
  const record: InitRecord = { provider: "unknown", details: [] };
  let result = await ctx.run("terraform", args, { cwd: dir });
  if (!result.ok && isProviderInstallError(result.output)) {
    const pinned = pinnedAwsVersion(stack) ?? "the pinned version";
    writeVersionOverride(dir, stack);
    result = await ctx.run("terraform", args, { cwd: dir });
    if (!result.ok && isProviderInstallError(result.output)) {
      // Said as what to do about it: the usual cause is a CLI config that is absent or was never written.
      throw new Unavailable(
        `no aws provider installable offline (aws ${pinned}, then ${relaxedConstraint}): ${providerHint(ctx.options.pluginDir, firstError(result.output))}`,
      );
    }
    if (result.ok) {
      record.details.push(`aws ${pinned} is not installable offline; used ${lockedAwsVersion(dir)} (constraint relaxed to ${relaxedConstraint} in a scratch copy)`);
      record.relaxedConstraint = relaxedConstraint;
    }
  }
  if (!result.ok) throw new StepFailure(`terraform init failed: ${firstError(result.output)}`, result.command, tail(result.output));
  record.provider = lockedAwsVersion(dir) ?? "unknown";
  return record;
}

/** The resource a diagnostic is about, or else the block and line it points at. */
function where(e: Diagnostic): string {
  if (e.address) return `${e.address}: `;
  const context = e.snippet?.context ? `${e.snippet.context}, ` : "";
  return e.range ? `${context}${e.range.filename}:${e.range.start.line}: ` : "";
}

/**
 * `terraform test` against the mocked provider. Terraform validates the configuration (its own
 * rules and the provider's argument and value checks, as `terraform validate` does) before it
 * plans, so one run, one start of the provider, does both. A provider older than a runtime is
 * given its newest same-language runtime in the scratch copy: what the catalog knows this
 * provider version lacks, or an earlier run found it lacks (runtime-memory.ts), is swapped at
 * once; anything else after the run that finds it.
 */
async function validateAndPlan(ctx: StepContext, scratch: string, metrics: Record<string, unknown>, plugin: SharedPlugin): Promise<string[]> {
  const provider = ctx.versions["aws-provider"] ?? "unknown";
  const known = knownGaps(provider);
  const remembered = rememberedSubstitutions(provider).filter((r) => !known.some((k) => k.from === r.from));
  const subs: RuntimeSubstitution[] = applySubstitutions(scratch, [...known, ...remembered]);
  const plan = () => {
    metrics.planRuns = ((metrics.planRuns as number | undefined) ?? 0) + 1;
    return planErrors(ctx, scratch, plugin, metrics);
  };
  let errors = await plan();
  // Two rounds at most: Terraform reports an argument it does not know before it checks values
  // such as runtimes, so a cdktn stack can need one of each.
  for (let round = 0; errors.length > 0 && round < 2; round++) {
    const found = runtimeSubstitutions(errors);
    if (!found) throw planFailure(errors);
    subs.push(...applySubstitutions(scratch, found));
    remember(provider, found);
    errors = await plan();
  }
  if (errors.length > 0) throw planFailure(errors);
  return subs.map((s) => `provider ${provider} predates ${s.from}; validated with ${s.to} in a scratch copy`);
}

/** The errors of one `terraform test -json` run (none when it passed). */
async function planErrors(ctx: StepContext, scratch: string, plugin: SharedPlugin, metrics: Record<string, unknown>): Promise<Diagnostic[]> {
  const args = ["test", "-json", "-no-color"];
  const env = await plugin.envFor(scratch);
  let result = await ctx.run("terraform", args, { cwd: scratch, env });
  if (env.TF_REATTACH_PROVIDERS && !result.ok && !result.canceled && reattachFailed(result.output)) {
    // The shared plugin stopped or refused a call: the answer is the run with a plugin of Terraform's own.
    plugin.drop();
    result = await ctx.run("terraform", args, { cwd: scratch });
  } else if (env.TF_REATTACH_PROVIDERS) {
    metrics.sharedPlugin = plugin.origin;
  }
  if (result.ok) return [];
  const errors: Diagnostic[] = [];
  for (const line of result.stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const message = JSON.parse(line) as { diagnostic?: Diagnostic };
      if (message.diagnostic?.severity === "error") errors.push(message.diagnostic);
    } catch {
      // Not a message line.
    }
  }
  if (errors.length === 0) throw new StepFailure(`mocked plan failed: ${firstError(result.output)}`, result.command, tail(result.output));
  return errors;
}

/** Errors pointing into the stack are its configuration's (what `terraform validate` finds); others arose in planning. */
function planFailure(errors: Diagnostic[]): StepFailure {
  const lines = errors.map((e) => `${where(e)}${e.summary}${e.detail ? ` (${e.detail})` : ""}`);
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  const what = errors[0]!.range?.filename === "cdk.tf.json" ? "terraform validate" : "mocked plan failed";
  return new StepFailure(`${what}: ${lines[0]}${more}`, "terraform test -json", tail(lines.join("\n")));
}

