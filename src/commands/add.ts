import type { OptionValue } from "../catalog/option.js";
import { triggers } from "../catalog/triggers/index.js";
import type { Prompter } from "../cli/prompter.js";
import { AnswerSource, missing, type AnswerLimits } from "../create/answer-source.js";
import { resolveTriggerOptions } from "../create/resolve-spec.js";
import { nextFunctionName } from "../project/naming.js";
import type { CreateFlags } from "../cli/create-flags.js";
import { warn } from "../cli/warn.js";
import { invalidValue, usageError } from "../errors.js";
import { answerLimits, checkAgainstPacks, refuseByPacks } from "../packs/policy.js";
import { loadProject, type LoadedProject } from "../project/load.js";
import type { FunctionSpec } from "../project/spec.js";
import type { TriggerId } from "../catalog/trigger.js";
import { resourceIds } from "../catalog/resource.js";
import { parseGrowFlags, takeDir, type GrowFlags } from "./grow-flags.js";
import { addFunction, addResource, attachTrigger, checkResourceType, checkTriggerId, type SpecChange } from "./spec-changes.js";
import { updateProject, type UpdateDeps } from "./update-project.js";
import { nextResourceName } from "../catalog/resource.js";

export interface GrowDeps extends UpdateDeps {
  prompter?: Prompter;
}

export const addHelp = `Usage:
  lambdaform add function <name> --trigger <id> [trigger flags] [--uses <resource>|all|none ...]
  lambdaform add trigger <id> [--function <name>] [trigger flags]
  lambdaform add resource <type> [--name <name>] [--function <name>|all ...]

Grows the project in [dir] (or --dir; default: the current folder) from its lambdaform.json:
renders it again with the change, through the same templates as create, and writes every file or
none. Files you edited keep your edits (three-way merge); where your edits and the change touch the
same lines, it stops before writing and names them (exit 10).

  triggers   ${triggers.map((t) => t.id).join(", ")}
  resources  ${resourceIds.join(", ")}
  --uses     resources the new function may use (default: all of them, as at create)
  --function functions given the resource's variable and grants (repeatable; all)
  -y, --yes  take defaults for everything not given; never prompt
  --dry-run  print the files it would create, change or delete, with diffs; write nothing
  --json     machine-readable plan and result on stdout
  --no-install, --no-verify, --plugin-dir <dir>   as for create
Trigger flags are create's (lambdaform create --help).`;

/** `lambdaform add function|trigger|resource ...`. */
export async function addCommand(argv: readonly string[], deps: GrowDeps): Promise<number> {
  const flags = parseGrowFlags(argv, deps.cwd);
  if (flags.help) {
    deps.io.out(addHelp);
    return 0;
  }
  const [kind, id, ...rest] = flags.positionals;
  if (!kind) throw usageError("add what? lambdaform add function|trigger|resource ... (see lambdaform add --help)");
  if (!["function", "trigger", "resource"].includes(kind)) throw usageError(`cannot add "${kind}": add function, trigger or resource`);
  if (!id) throw usageError(`lambdaform add ${kind} needs a ${kind === "function" ? "name" : kind === "trigger" ? "trigger id" : "resource type"}`);
  takeDir(flags, [kind, id, ...rest], 2, deps.cwd);
  const project = await loadProject(flags.dir);
  const source = answerSource(flags, deps, answerLimits(project.policy));
  const change =
    kind === "resource" ? await resourceChange(project, flags, id, source, deps) : await functionChange(project, flags, kind, id, source, deps);
  // The project's template packs still decide which triggers and resources it may have.
  checkAgainstPacks(change.spec, project.policy);
  return updateProject(project, change, "add", flags, deps);
}

function answerSource(flags: GrowFlags, deps: GrowDeps, limits: AnswerLimits): AnswerSource {
  // AnswerSource reads only the option values and --yes of create's flags.
  const asCreate = { values: flags.values, yes: flags.yes } as unknown as CreateFlags;
  return new AnswerSource(asCreate, deps.io.isTTY ? deps.prompter : undefined, {}, (message) => warn(deps.io, message), limits);
}

async function functionChange(project: LoadedProject, flags: GrowFlags, kind: string, id: string, source: AnswerSource, deps: GrowDeps): Promise<SpecChange> {
  const spec = project.manifest.spec;
  const trigger = kind === "trigger" ? checkTriggerId(id) : await triggerForFunction(flags, id, source, deps);
  if (kind === "trigger" && flags.trigger) throw usageError("--trigger goes with add function; add trigger takes the trigger as its argument");
  rejectStrayFlags(flags, trigger);
  refuseByPacks(project.policy, "triggers", trigger, "trigger");
  if (kind === "trigger" && flags.functions.length > 0) {
    if (flags.functions.length > 1) throw usageError("add trigger --function takes one function");
    if (flags.uses.length > 0) throw usageError("--uses goes with a new function; the function keeps its resources");
    // Refused before any question is asked, when the function cannot take it.
    attachTrigger(spec, flags.functions[0]!, trigger, {});
    return attachTrigger(spec, flags.functions[0]!, trigger, await resolveTriggerOptions(trigger, source));
  }
  const options = await resolveTriggerOptions(trigger, source);
  const name = kind === "trigger" ? nameForTrigger(spec.functions, trigger, options) : id;
  const uses = await usedResources(project, flags, source, deps, name);
  return addFunction(spec, { name, trigger, options }, uses);
}

/** `add function <name>`: the trigger from --trigger, else asked on a terminal. */
async function triggerForFunction(flags: GrowFlags, name: string, source: AnswerSource, deps: GrowDeps): Promise<TriggerId> {
  if (flags.trigger) return checkTriggerId(flags.trigger);
  if (!source.interactive) throw missing("--trigger");
  return deps.prompter!.select({ message: `Trigger for ${name}`, choices: triggers.filter((t) => source.allowedOf("trigger", [t.id]).length > 0).map((t) => ({ name: t.title, value: t.id })) });
}

/** `add trigger <id>`: a new function named after the trigger, or nothing when an identical one exists. */
function nameForTrigger(functions: readonly FunctionSpec[], trigger: TriggerId, options: Record<string, OptionValue>): string {
  const same = functions.find((f) => f.trigger === trigger && JSON.stringify(f.options) === JSON.stringify(options));
  return same ? same.name : nextFunctionName(trigger, functions);
}

function rejectStrayFlags(flags: GrowFlags, trigger: TriggerId): void {
  for (const t of triggers) {
    if (t.id === trigger) continue;
    const stray = t.options.find((def) => flags.values.has(def.flag));
    if (stray) throw usageError(`--${stray.flag} applies to trigger ${t.id}, not ${trigger}`);
  }
}

/** Which resources a new function uses: --uses, else every one (as create does), asking on a terminal. */
async function usedResources(project: LoadedProject, flags: GrowFlags, source: AnswerSource, deps: GrowDeps, fn: string): Promise<string[]> {
  const names = project.manifest.spec.resources.map((r) => r.name);
  if (flags.uses.length > 0) return pickNames(flags.uses, names, "--uses", "resource");
  if (names.length === 0 || !source.interactive) return names;
  return deps.prompter!.checkbox({
    message: `Resources ${fn} may use`,
    choices: names.map((n) => ({ name: n, value: n, checked: true })),
  });
}

async function resourceChange(project: LoadedProject, flags: GrowFlags, id: string, source: AnswerSource, deps: GrowDeps): Promise<SpecChange> {
  const spec = project.manifest.spec;
  const type = checkResourceType(id);
  refuseByPacks(project.policy, "resources", type, "resource");
  if (flags.trigger || flags.uses.length > 0 || flags.values.size > 0) {
    throw usageError("add resource takes --name and --function; trigger flags and --uses go with add function");
  }
  const name = flags.name ?? (spec.resources.some((r) => r.name === type) ? type : nextResourceName(type, spec.resources.map((r) => r.name)));
  const existing = spec.resources.find((r) => r.name === name);
  const all = spec.functions.map((f) => f.name);
  let functions: string[];
  if (flags.functions.length > 0) functions = pickNames(flags.functions, all, "--function", "function");
  else if (existing) functions = existing.functions;
  else if (flags.yes) functions = all;
  else if (source.interactive) {
    functions = await deps.prompter!.checkbox({
      message: `Functions that use ${name}`,
      choices: all.map((f) => ({ name: f, value: f, checked: true })),
    });
  } else throw missing("--function <name> (repeatable) or --function all");
  return addResource(spec, type, name, functions);
}

/** Names from a repeatable flag: `all`, `none`, or each one that exists. */
function pickNames(given: readonly string[], known: readonly string[], flag: string, what: string): string[] {
  if (given.length === 1 && given[0] === "all") return [...known];
  if (given.length === 1 && given[0] === "none") return [];
  for (const name of given) {
    if (name === "all" || name === "none") throw usageError(`${flag} ${name} stands alone`);
    if (!known.includes(name)) throw invalidValue(`${flag} ${name}: no such ${what} (${known.length > 0 ? known.join(", ") : "there are none"})`);
  }
  return [...new Set(given)];
}
