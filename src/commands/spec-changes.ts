import { quoted, type OptionValue } from "../catalog/option.js";
import { resourceIds, resourceVariable, type ResourceId } from "../catalog/resource.js";
import { checkName } from "../catalog/settings.js";
import { triggerIds, type TriggerId } from "../catalog/trigger.js";
import { triggerById } from "../catalog/triggers/index.js";
import { invalidValue, usageError } from "../errors.js";
import type { FunctionSpec, ProjectSpec, ResourceSpec } from "../project/spec.js";

/**
 * The changes `add` and `remove` make to a project's spec: pure functions from one spec to the
 * next, each refusing what cannot be, with the reason. Rendering the result is the one render
 * path `create` uses; nothing here touches files.
 */
export interface SpecChange {
  spec: ProjectSpec;
  /** What changed, for the summary (`function worker (sqs)`). */
  what: string;
}

const clone = (spec: ProjectSpec): ProjectSpec => structuredClone(spec);

export function checkTriggerId(id: string): TriggerId {
  if (!triggerIds.includes(id as TriggerId)) throw invalidValue(`trigger must be one of ${triggerIds.join(", ")}, got ${quoted(id)}`);
  return id as TriggerId;
}

export function checkResourceType(id: string): ResourceId {
  if (!resourceIds.includes(id as ResourceId)) throw invalidValue(`resource must be one of ${resourceIds.join(", ")}, got ${quoted(id)}`);
  return id as ResourceId;
}

function checkNewName(kind: string, name: string): void {
  const problem = checkName(name);
  if (problem) throw invalidValue(`${kind} name ${quoted(name)} ${problem}`);
}

function sameOptions(a: Record<string, OptionValue>, b: Record<string, OptionValue>): boolean {
  return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}

/**
 * Adds a function. Adding one that exists with the same trigger and options changes nothing,
 * so running the same `add` twice is safe; a different one under the same name is refused.
 */
export function addFunction(spec: ProjectSpec, fn: FunctionSpec, uses: readonly string[]): SpecChange {
  checkNewName("function", fn.name);
  const existing = spec.functions.find((f) => f.name === fn.name);
  if (existing) {
    if (existing.trigger !== fn.trigger || !sameOptions(existing.options, fn.options)) {
      throw usageError(`function ${fn.name} exists already, with trigger ${existing.trigger}${existing.trigger === fn.trigger ? " and other options" : ""}; choose another name`);
    }
    return { spec, what: `function ${fn.name} (${fn.trigger})` };
  }
  const next = clone(spec);
  next.functions.push(fn);
  for (const name of uses) {
    const resource = next.resources.find((r) => r.name === name)!;
    resource.functions.push(fn.name);
  }
  return { spec: next, what: `function ${fn.name} (${fn.trigger})` };
}

/**
 * Adds a resource, or gives an existing one to more functions. `functions` are the functions
 * that get its variable and grants; the ones that had it keep it.
 */
export function addResource(spec: ProjectSpec, type: ResourceId, name: string, functions: readonly string[]): SpecChange {
  checkNewName("resource", name);
  for (const fn of functions) {
    if (!spec.functions.some((f) => f.name === fn)) throw invalidValue(`--function ${fn}: no such function (${spec.functions.map((f) => f.name).join(", ")})`);
  }
  const next = clone(spec);
  let resource = next.resources.find((r) => r.name === name);
  if (resource && resource.type !== type) throw usageError(`resource ${name} exists already, as a ${resource.type}; choose another --name`);
  if (!resource) {
    if (type === "layer" && name !== "layer") throw usageError("a project has one shared layer, named layer (the layer/ folder)");
    const variable = resourceVariable(type, name);
    const taken = next.resources.find((r) => resourceVariable(r.type, r.name) === variable && variable !== undefined);
    if (taken) throw usageError(`resource ${name} would use ${variable}, which ${taken.name} uses; choose another --name`);
    if (variable && variable in spec.settings.env) throw usageError(`resource ${name} would set ${variable}, which --env sets; choose another --name`);
    resource = { type, name, functions: [] };
    next.resources.push(resource);
  }
  for (const fn of functions) if (!resource.functions.includes(fn)) resource.functions.push(fn);
  // The project's function order, so the result does not depend on the order of the flags.
  resource.functions = next.functions.map((f) => f.name).filter((f) => resource!.functions.includes(f));
  return { spec: next, what: resourceLabel(type, name) };
}

const resourceLabel = (type: ResourceId, name: string) => (name === type ? `resource ${name}` : `resource ${name} (${type})`);

export function removeFunction(spec: ProjectSpec, name: string): SpecChange {
  const fn = spec.functions.find((f) => f.name === name);
  if (!fn) throw invalidValue(`no function ${name} (the project has ${spec.functions.map((f) => f.name).join(", ")})`);
  if (spec.functions.length === 1) throw usageError(`${name} is the project's only function; a project needs one`);
  const next = clone(spec);
  next.functions = next.functions.filter((f) => f.name !== name);
  for (const resource of next.resources) resource.functions = resource.functions.filter((f) => f !== name);
  return { spec: next, what: `function ${name} (${fn.trigger})` };
}

export function removeResource(spec: ProjectSpec, name: string): SpecChange {
  const resource = spec.resources.find((r) => r.name === name);
  if (!resource) {
    const names = spec.resources.map((r) => r.name);
    throw invalidValue(`no resource ${name} (${names.length > 0 ? `the project has ${names.join(", ")}` : "the project has none"})`);
  }
  const next = clone(spec);
  next.resources = next.resources.filter((r) => r.name !== name);
  return { spec: next, what: resourceLabel(resource.type, name) };
}

/**
 * Attaches a further trigger of the function's own type (a second queue, another route), when
 * its events have the same shape and the trigger allows one; refuses the rest with the reason.
 * The same options twice change nothing.
 */
export function attachTrigger(spec: ProjectSpec, fnName: string, trigger: TriggerId, options: Record<string, OptionValue>): SpecChange {
  const fn = spec.functions.find((f) => f.name === fnName);
  if (!fn) throw invalidValue(`--function ${fnName}: no such function (${spec.functions.map((f) => f.name).join(", ")})`);
  const def = triggerById(trigger);
  const what = `${trigger} trigger on ${fnName}`;
  if (fn.trigger !== trigger) {
    throw usageError(
      `${fnName}'s handler reads ${triggerById(fn.trigger).title} events, and ${def.title} events have another shape: ` +
        `give it a function of its own with lambdaform add trigger ${trigger}`,
    );
  }
  if (!def.attach) throw usageError(`${fnName} cannot take a second ${def.title}: ${def.attachRefusal}; add a function with lambdaform add trigger ${trigger}`);
  if ([fn.options, ...(fn.attached ?? [])].some((o) => sameOptions(o, options))) return { spec, what };
  const next = clone(spec);
  const target = next.functions.find((f) => f.name === fnName)!;
  target.attached = [...(target.attached ?? []), options];
  return { spec: next, what: `${what} (${def.attach})` };
}

export type { ResourceSpec };
