import path from "node:path";
import type { OptionDef, OptionValue } from "../catalog/option.js";
import { problemWith, quoted } from "../catalog/option.js";
import type { EngineId } from "../catalog/engines.js";
import { parseEnv } from "../catalog/environment.js";
import { resourceById, resourceIds, resources, type ResourceId } from "../catalog/resource.js";
import { runtimes } from "../catalog/runtimes.js";
import { checkName, functionOptions, projectOptions, type FunctionSettings } from "../catalog/settings.js";
import { triggerIds, type TriggerId } from "../catalog/trigger.js";
import { triggerById, triggers } from "../catalog/triggers/index.js";
import type { CreateFlags } from "../cli/create-flags.js";
import type { Prompter } from "../cli/prompter.js";
import { invalidValue, usageError } from "../errors.js";
import { nextFunctionName } from "../project/naming.js";
import type { FunctionSpec, ProjectSpec } from "../project/spec.js";
import { AnswerSource, missing, type AnswerLimits, type Defaults } from "./answer-source.js";

export type { Defaults } from "./answer-source.js";

/** Why a folder cannot be the target (taken, not writable), so the prompt can say so at once. */
export type TargetCheck = (dir: string) => string | undefined;

export async function resolveName(
  flags: CreateFlags,
  source: AnswerSource,
  prompter?: Prompter,
  checkTarget: TargetCheck = () => undefined,
): Promise<{ name: string; dir: string }> {
  const fromFlag = source.given(projectOptions.name) as string | undefined;
  let dir = flags.dir;
  if (!dir && !fromFlag) {
    if (source.interactive) {
      dir = await prompter!.input({
        message: "Project folder",
        default: "my-lambda-service",
        validate: (v) => checkName(path.basename(v.trim())) ?? checkTarget(v.trim()) ?? true,
      });
    } else if (flags.yes) {
      dir = "my-lambda-service";
    } else {
      throw missing("a target folder or --name");
    }
  }
  const name = fromFlag ?? path.basename(path.resolve(dir ?? fromFlag!));
  const problem = checkName(name);
  if (problem) {
    throw invalidValue(fromFlag ? `--name ${problem}, got ${quoted(name)}` : `project name ${quoted(name)} (from the folder) ${problem}; pass --name`);
  }
  return { name, dir: dir ?? name };
}

async function resolveTriggers(flags: CreateFlags, source: AnswerSource, prompter?: Prompter): Promise<TriggerId[]> {
  for (const id of flags.triggers) {
    if (!triggerIds.includes(id as TriggerId)) throw invalidValue(`--trigger must be one of ${triggerIds.join(", ")}, got ${quoted(id)}`);
  }
  if (flags.triggers.length > 0) return flags.triggers as TriggerId[];
  // Template packs may allow only some triggers: offer those, and default to the first when http-api is not one.
  const allowed = source.allowedOf("trigger", triggerIds);
  const fallback: TriggerId = allowed.includes("http-api") ? "http-api" : allowed[0]!;
  if (source.interactive) {
    return prompter!.checkbox({
      message: "Triggers (one function each)",
      choices: triggers.filter((t) => allowed.includes(t.id)).map((t) => ({ name: t.title, value: t.id, checked: t.id === fallback })),
      validate: (picked) => (picked.length > 0 ? true : "pick at least one trigger"),
    });
  }
  if (flags.yes) return [fallback];
  throw missing("--trigger");
}

async function resolveResources(flags: CreateFlags, source: AnswerSource, prompter?: Prompter): Promise<ResourceId[]> {
  const seen = new Set<string>();
  for (const id of flags.resources) {
    if (!resourceIds.includes(id as ResourceId)) throw invalidValue(`--resource must be one of ${resourceIds.join(", ")}, got ${quoted(id)}`);
    if (seen.has(id)) throw usageError(`--resource ${id} is given twice`);
    seen.add(id);
  }
  if (flags.resources.length > 0 || !source.interactive) return flags.resources as ResourceId[];
  return prompter!.checkbox({
    message: "Resources the functions use",
    choices: resources.filter((r) => source.allowedOf("resource", resourceIds).includes(r.id)).map((r) => ({ name: r.title, value: r.id })),
  });
}

async function resolveSettings(flags: CreateFlags, source: AnswerSource, customise: boolean): Promise<FunctionSettings> {
  const settings: Record<string, OptionValue | undefined> = {};
  for (const def of Object.values(functionOptions) as OptionDef[]) {
    settings[def.key] = await source.value(def, customise || !def.advanced);
  }
  const reserved = settings.reservedConcurrency as number | undefined;
  const provisioned = settings.provisionedConcurrency as number | undefined;
  if (reserved !== undefined && provisioned !== undefined && provisioned > reserved) {
    throw usageError(`--provisioned-concurrency ${provisioned} exceeds --reserved-concurrency ${reserved}`);
  }
  if (reserved === 0 && provisioned !== undefined) {
    throw usageError("--reserved-concurrency 0 switches the functions off; it conflicts with --provisioned-concurrency");
  }
  return { ...(settings as Omit<FunctionSettings, "env">), env: parseEnv(flags.env) } as FunctionSettings;
}

/** A trigger's options from flags, prompts or defaults, with its cross-option rules applied (create and add). */
export async function resolveTriggerOptions(id: TriggerId, source: AnswerSource): Promise<Record<string, OptionValue>> {
  const trigger = triggerById(id);
  const options: Record<string, OptionValue> = {};
  for (const def of trigger.options) {
    const value = await source.value(def);
    if (value !== undefined) options[def.key] = value;
  }
  return trigger.finalize?.(options, source.warn) ?? options;
}

async function resolveFunctions(ids: TriggerId[], source: AnswerSource): Promise<FunctionSpec[]> {
  const functions: FunctionSpec[] = [];
  for (const id of ids) {
    functions.push({ name: nextFunctionName(id, functions), trigger: id, options: await resolveTriggerOptions(id, source) });
  }
  return functions;
}

/** Variables the stack sets itself would silently win over the same name in --env: say so instead. */
function rejectGeneratedEnv(env: Record<string, string>, chosen: readonly ResourceId[]): void {
  const generated = new Map<string, string>([["POWERTOOLS_SERVICE_NAME", "the stack (the service name in logs)"]]);
  for (const id of chosen) {
    const envVar = resourceById(id).envVar;
    if (envVar) generated.set(envVar, `--resource ${id}`);
  }
  for (const key of Object.keys(env)) {
    const owner = generated.get(key);
    if (owner) throw usageError(`--env ${key} is set by ${owner}; choose another name`);
  }
}

/** Flags for triggers that were not chosen are a mistake worth saying, not something to ignore. */
function rejectStrayTriggerFlags(flags: CreateFlags, chosen: readonly TriggerId[]): void {
  // Some options are shared (CORS on HTTP and REST APIs): a flag is stray only when no chosen trigger takes it.
  const taken = new Set(triggers.filter((t) => chosen.includes(t.id)).flatMap((t) => t.options));
  for (const trigger of triggers) {
    if (chosen.includes(trigger.id)) continue;
    const stray = trigger.options.find((def) => flags.values.has(def.flag) && !taken.has(def));
    if (stray) throw usageError(`--${stray.flag} applies to --trigger ${trigger.id}, which was not chosen`);
  }
}

/**
 * With nobody to ask and no --yes, the main choices must come as flags: say all that are
 * missing at once rather than one per attempt.
 */
function requireMainAnswers(flags: CreateFlags): void {
  const absent = [
    !flags.dir && !flags.values.has(projectOptions.name.flag) ? "a target folder" : undefined,
    !flags.values.has(projectOptions.runtime.flag) ? `--${projectOptions.runtime.flag}` : undefined,
    flags.triggers.length === 0 ? "--trigger" : undefined,
  ].filter((flag) => flag !== undefined);
  if (absent.length > 0) throw missing(absent.join(", "));
}

export async function resolveSpec(
  flags: CreateFlags,
  prompter: Prompter | undefined,
  defaults: Defaults = {},
  checkTarget?: TargetCheck,
  /** Told, one line each, about values taken but probably not meant, and values chosen for the user. */
  warn?: (message: string) => void,
  limits?: AnswerLimits,
): Promise<{ spec: ProjectSpec; dir: string }> {
  const source = new AnswerSource(flags, prompter, defaults, warn, limits);
  if (!source.interactive && !flags.yes) requireMainAnswers(flags);
  const { name, dir } = await resolveName(flags, source, prompter, checkTarget);
  const runtime = (await source.value(projectOptions.runtime)) as string;
  if (!runtimes.some((r) => r.id === runtime)) throw invalidValue(`--runtime ${problemWith(projectOptions.runtime, runtime)}`);
  const triggerList = await resolveTriggers(flags, source, prompter);
  rejectStrayTriggerFlags(flags, triggerList);
  const functions = await resolveFunctions(triggerList, source);
  const resourceList = await resolveResources(flags, source, prompter);
  const customise =
    source.interactive &&
    (await prompter!.confirm({ message: "Customise region, memory, timeout, architecture, logs and tracing?", default: false }));
  const region = (await source.value(projectOptions.region, customise)) as string;
  const engine = (await source.value(projectOptions.engine)) as EngineId;
  const settings = await resolveSettings(flags, source, customise);
  rejectGeneratedEnv(settings.env, resourceList);
  // At create, every function uses every resource; `lambdaform add resource --function` narrows it later.
  const resources = resourceList.map((type) => ({ type, name: type, functions: functions.map((f) => f.name) }));
  return { spec: { name, runtime, region, engine, settings, functions, resources }, dir };
}
