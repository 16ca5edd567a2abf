import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { LambdaformError } from "../errors.js";
import { exec, tail, type ExecResult } from "../verify/exec.js";
import { stackFiles } from "../verify/steps/synth.js";
import { applySubstitutions, knownGaps, runtimeSubstitutions, type Diagnostic, type RuntimeSubstitution } from "../verify/terraform/runtime-fallback.js";
import { firstError, isProviderInstallError, lockedAwsVersion, writeVersionOverride } from "../verify/terraform/scratch.js";
import { emulatorEnv, isMoto } from "./emulator.js";

export interface StackRunOptions {
  /** A synthesized project (`lambdaform synth`): its cdktf.out/stacks/<stack>/ is what runs. */
  projectDir: string;
  endpoint: string;
  /**
   * The Terraform working folder for the emulator: the stack is copied here on every run, and
   * its state and providers stay here, apart from the project's real state.
   */
  workDir: string;
  signal?: AbortSignal;
  /** Progress, a line at a time (what runs, substitutions made). */
  onLine?: (line: string) => void;
}

export interface ApplyResult {
  /** `terraform output -json`, name → value. */
  outputs: Record<string, unknown>;
  /** Resources in the state after the apply. */
  resources: number;
  /** What was changed in the copy to fit this machine's provider (runtimes it predates). */
  notes: string[];
}

/** A Terraform run against the emulator failed; `output` is the tail of what it printed. */
export class EmulatorStackError extends LambdaformError {
  constructor(
    message: string,
    readonly command: string,
    readonly output: string,
  ) {
    super("deployFailed", message);
  }
}

/**
 * The services lambdaform's stacks use, pointed at one endpoint. The provider reads only the
 * names it knows; both 5.x and 6.x know these.
 */
const services = [
  "apigateway",
  "apigatewayv2",
  "cloudwatch",
  "logs",
  "dynamodb",
  "events",
  "iam",
  "kms",
  "lambda",
  "s3",
  "scheduler",
  "secretsmanager",
  "sns",
  "sqs",
  "sts",
] as const;

const overrideFile = "emulator_override.tf.json";

/**
 * Resource types moto does not implement, with why; they are left out of moto's copy of the
 * stack (and said so), since the provider would otherwise retry the 500 they get for minutes.
 */
const notInMoto: Record<string, string> = {
  aws_cloudwatch_query_definition: "moto does not implement Logs Insights query definitions (PutQueryDefinition)",
};

/**
 * Attributes moto stores but does not read back as AWS does: a plan after the apply would
 * report them changed on every run. Moto's copy ignores changes to exactly these (still set on
 * create), so any other difference still fails the plan.
 */
const readBackByMotoDifferently: { type: string; attributes: string[]; why: string }[] = [
  { type: "aws_lambda_function", attributes: ["logging_config"], why: "moto does not return a function's logging configuration" },
  { type: "aws_sqs_queue", attributes: ["redrive_policy"], why: "moto returns a queue's redrive policy re-serialized with spaces" },
];

/**
 * The override that points the stack at an emulator: every provider configuration of the stack
 * (matched by alias) gets the endpoints, fake keys and the checks an emulator cannot answer
 * skipped, and the state goes to a local file in the working folder whatever backend the stack
 * names, so an emulator run can never write to real shared state.
 */
export function endpointOverride(endpoint: string, stack: { provider?: { aws?: { alias?: string }[] } } = {}): object {
  const configs = stack.provider?.aws?.length ? stack.provider.aws : [{}];
  const endpoints = Object.fromEntries(services.map((service) => [service, endpoint]));
  return {
    provider: {
      aws: configs.map((config) => ({
        ...(config.alias ? { alias: config.alias } : {}),
        access_key: "testing",
        secret_key: "testing",
        skip_credentials_validation: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
        s3_use_path_style: true,
        // An emulator answers at once or not at all: fail in seconds, not after 25 backed-off retries.
        max_retries: 2,
        endpoints: [endpoints],
      })),
    },
    terraform: { backend: { local: { path: "terraform.tfstate" } } },
  };
}

/** Applies the project's synthesized stack to the emulator; the outputs are the stack's own. */
export async function applyStack(options: StackRunOptions): Promise<ApplyResult> {
  await prepare(options);
  options.onLine?.("terraform apply (emulator)");
  await fitted(options, ["apply", "-auto-approve", "-input=false", "-no-color"], "terraform apply against the emulator failed");
  // Both only read the local state: side by side, about 0.8 s sooner.
  const [outputs, listed] = await Promise.all([readOutputs(options), terraform(options, ["state", "list"], "terraform state list failed")]);
  // Read after the apply: a gap found by its failure (see fitted) adds a note.
  const notes = readPrepared(options.workDir)?.notes ?? [];
  return { outputs, resources: listed.stdout.split("\n").filter((l) => l.trim() && !l.startsWith("data.")).length, notes };
}

/** A plan of the applied stack: after a clean apply it should change nothing. */
export async function planStack(options: StackRunOptions): Promise<{ changes: number; summary: string }> {
  await prepare(options);
  // -detailed-exitcode: 2 is a plan with changes, not a failure.
  const result = await fitted(options, ["plan", "-input=false", "-no-color", "-detailed-exitcode"], "terraform plan against the emulator failed", (r) => r.exitCode === 0 || r.exitCode === 2);
  if (result.exitCode === 0) return { changes: 0, summary: "No changes." };
  const counts = result.stdout.match(/Plan: (\d+) to add, (\d+) to change, (\d+) to destroy/);
  const changes = counts ? Number(counts[1]) + Number(counts[2]) + Number(counts[3]) : 1;
  const changed = [...result.stdout.matchAll(/^\s*# (\S+) (?:will|must) be (\S+)/gm)].map((m) => `${m[1]} (${m[2]})`);
  const summary = counts ? `${counts[0]}${changed.length ? `: ${changed.slice(0, 5).join(", ")}${changed.length > 5 ? ", …" : ""}` : ""}` : "changes planned";
  return { changes, summary };
}

/**
 * Destroys what an apply created in the emulator. `refresh: false` when a plan has just read
 * every resource back and nothing has touched the emulator since: the state's ids are all a
 * delete needs, and reading the every-trigger stack's 220 resources again took 11 s and 12-15
 * CPU seconds of its 54 s destroy (measured twice each way).
 */
export async function destroyStack(options: StackRunOptions, { refresh = true }: { refresh?: boolean } = {}): Promise<void> {
  await prepare(options);
  options.onLine?.("terraform destroy (emulator)");
  const args = ["destroy", "-auto-approve", "-input=false", "-no-color", ...(refresh ? [] : ["-refresh=false"])];
  await fitted(options, args, "terraform destroy against the emulator failed");
}

/** The stack's outputs as the last apply left them. */
export async function readOutputs(options: StackRunOptions): Promise<Record<string, unknown>> {
  const result = await terraform(options, ["output", "-json"], "terraform output failed");
  const parsed = JSON.parse(result.stdout || "{}") as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(parsed).map(([name, output]) => [name, output.value]));
}

/**
 * Copies the current synthesis into the working folder (keeping its state and providers), points
 * it at the emulator, and initializes it. What it changed in the copy is kept as notes with it.
 */
async function prepare(options: StackRunOptions): Promise<void> {
  const files = stackFiles(options.projectDir);
  if (files.length === 0) {
    throw new LambdaformError("notAProject", `${options.projectDir} has no synthesized stack (cdktf.out/stacks/*/cdk.tf.json): run lambdaform synth first`);
  }
  if (files.length > 1) throw new LambdaformError("notAProject", `${options.projectDir} has ${files.length} stacks; the emulator runs one`);
  const stackDir = path.dirname(files[0]!);
  const text = readFileSync(files[0]!, "utf8");
  // Apply, plan and destroy of one synthesis share one init: each start of the aws provider costs seconds.
  const key = createHash("sha256").update(text).update(options.endpoint).digest("hex");
  const prepared = readPrepared(options.workDir);
  if (prepared?.key === key && existsSync(path.join(options.workDir, ".terraform"))) return;
  const stack = JSON.parse(text);
  refreshCopy(stackDir, options.workDir);
  const notes = (await isMoto(options.endpoint)) ? leaveOutOfMoto(options.workDir) : [];
  writeFileSync(path.join(options.workDir, overrideFile), JSON.stringify(endpointOverride(options.endpoint, stack), null, 2) + "\n");

  const init = ["init", "-input=false", "-no-color", "-reconfigure"];
  let result = await run(options, init);
  if (!result.ok && isProviderInstallError(result.output)) {
    // This machine's provider mirror may not hold the exact version the stack pins.
    writeVersionOverride(options.workDir, stack);
    result = await run(options, init);
  }
  if (!result.ok) throw failure("terraform init for the emulator failed", result);
  // What the catalog knows this provider lacks is swapped before the first command, as verify
  // does; a gap it does not know fails that command and is swapped then (see fitted).
  const known = substitutionNotes(applySubstitutions(options.workDir, knownGaps(lockedAwsVersion(options.workDir) ?? "unknown")), options);
  writePrepared(options.workDir, { key, notes: [...notes, ...known] });
}

/** Written last by a complete prepare, and removed by the next copy: what the working folder holds. */
const preparedFile = ".prepared.json";

function writePrepared(workDir: string, prepared: { key: string; notes: string[] }): void {
  writeFileSync(path.join(workDir, preparedFile), JSON.stringify(prepared));
}

function readPrepared(workDir: string): { key: string; notes: string[] } | undefined {
  try {
    return JSON.parse(readFileSync(path.join(workDir, preparedFile), "utf8"));
  } catch {
    return undefined;
  }
}

/** Fits moto's copy of the stack to moto's gaps (see above); a note per change. */
function leaveOutOfMoto(workDir: string): string[] {
  const file = path.join(workDir, "cdk.tf.json");
  const stack = JSON.parse(readFileSync(file, "utf8"));
  const notes: string[] = [];
  for (const [type, why] of Object.entries(notInMoto)) {
    const count = Object.keys(stack.resource?.[type] ?? {}).length;
    if (count === 0) continue;
    delete stack.resource[type];
    notes.push(`${count} ${type} left out of the emulator's copy: ${why}`);
  }
  for (const { type, attributes, why } of readBackByMotoDifferently) {
    const resources = Object.values<{ lifecycle?: { ignore_changes?: string[] } }>(stack.resource?.[type] ?? {});
    if (resources.length === 0) continue;
    for (const resource of resources) {
      resource.lifecycle = { ...resource.lifecycle, ignore_changes: [...new Set([...(resource.lifecycle?.ignore_changes ?? []), ...attributes])] };
    }
    notes.push(`${type}.${attributes.join(", ")} not compared in the emulator's plan: ${why}`);
  }
  if (notes.length) writeFileSync(file, JSON.stringify(stack, null, 2));
  return notes;
}

/** Every file of the previous copy but state and providers goes, so a removed resource's asset does not linger. */
function refreshCopy(stackDir: string, workDir: string): void {
  mkdirSync(workDir, { recursive: true });
  const kept = (name: string) => name === ".terraform" || name === ".terraform.lock.hcl" || name.includes(".tfstate");
  for (const entry of readdirSync(workDir)) if (!kept(entry)) rmSync(path.join(workDir, entry), { recursive: true, force: true });
  cpSync(stackDir, workDir, {
    recursive: true,
    // cdk.tf (from `synth --hcl`) would declare every resource twice beside cdk.tf.json.
    filter: (source) => source === stackDir || !(kept(path.basename(source)) || path.basename(source) === "cdk.tf"),
  });
}

/** A note (and a progress line) for each substitution made in the copy. */
function substitutionNotes(subs: readonly RuntimeSubstitution[], options: StackRunOptions): string[] {
  return subs.map((s) => {
    const line = `the local aws provider predates ${s.from}: ${s.argument ? "left out of" : `${s.to} in`} the emulator's copy`;
    options.onLine?.(line);
    return line;
  });
}

/**
 * Runs a command that reads the configuration (apply, plan, destroy). The copy is not validated
 * beforehand: with the catalog's known gaps swapped it is almost always valid, and a validate
 * (the provider's schema, mostly) cost 3.5 s of the default project's first apply and 5 s of the
 * every-trigger project's, on every first run of dev and verify --emulate. So a
 * failure is what asks: a validate that finds a runtime or argument this provider lacks swaps
 * it in the copy and the command runs again (Terraform validates before it changes anything);
 * a copy that is valid means the failure is the command's own.
 */
async function fitted(options: StackRunOptions, args: string[], what: string, succeeded = (r: ExecResult) => r.ok): Promise<ExecResult> {
  const check = (result: ExecResult) => {
    if (!succeeded(result)) throw failure(what, result);
    return result;
  };
  const first = await run(options, args);
  if (succeeded(first) || first.spawnError) return check(first);
  const notes = await fitRuntimes(options);
  if (notes.length === 0) throw failure(what, first);
  const prepared = readPrepared(options.workDir);
  if (prepared) writePrepared(options.workDir, { ...prepared, notes: [...prepared.notes, ...notes] });
  return check(await run(options, args));
}

/** A provider older than the stack's runtimes gets its newest same-language runtime in the copy: the notes of what changed. */
async function fitRuntimes(options: StackRunOptions): Promise<string[]> {
  const notes: string[] = [];
  const note = (subs: readonly RuntimeSubstitution[]) => notes.push(...substitutionNotes(subs, options));
  // Two rounds at most, as in verify's terraform step: Terraform reports an argument it does not
  // know (cdktn's invoked_via_function_url) before it checks runtimes.
  for (let round = 0; ; round++) {
    const result = await run(options, ["validate", "-json", "-no-color"]);
    let errors: Diagnostic[];
    try {
      errors = ((JSON.parse(result.stdout) as { diagnostics?: Diagnostic[] }).diagnostics ?? []).filter((d) => d.severity === "error");
    } catch {
      throw failure("terraform validate for the emulator failed", result);
    }
    if (errors.length === 0) return notes;
    const subs = round < 2 ? runtimeSubstitutions(errors) : undefined;
    if (!subs) throw new EmulatorStackError(`the stack is not valid: ${errors[0]!.summary}`, result.command, tail(result.output));
    applySubstitutions(options.workDir, subs);
    note(subs);
  }
}

async function terraform(options: StackRunOptions, args: string[], what: string): Promise<ExecResult> {
  const result = await run(options, args);
  if (!result.ok) throw failure(what, result);
  return result;
}

function run(options: StackRunOptions, args: string[]): Promise<ExecResult> {
  if (!existsSync(options.workDir)) mkdirSync(options.workDir, { recursive: true });
  const region = readRegion(options.workDir);
  return exec("terraform", args, {
    cwd: options.workDir,
    signal: options.signal ?? new AbortController().signal,
    env: { ...emulatorEnv(options.endpoint, region), TF_IN_AUTOMATION: "1" },
  });
}

function readRegion(workDir: string): string {
  try {
    const stack = JSON.parse(readFileSync(path.join(workDir, "cdk.tf.json"), "utf8"));
    return stack.provider?.aws?.[0]?.region ?? "us-east-1";
  } catch {
    return "us-east-1";
  }
}

/** One line: the resource Terraform names ("with aws_x.y") and its first error. */
function failure(what: string, result: ExecResult): EmulatorStackError {
  if (result.spawnError) return new EmulatorStackError(`${what}: terraform could not be started (${result.spawnError}); install Terraform >= 1.10`, result.command, "");
  const resource = result.output.match(/with ([a-z0-9_]+\.[^\s,]+),/)?.[1];
  return new EmulatorStackError(`${what}${resource ? ` at ${resource}` : ""}: ${firstError(result.output)}`, result.command, tail(result.output));
}
