import type { FunctionSpec } from "./spec.js";
import { triggerById } from "../catalog/triggers/index.js";
import type { TriggerId } from "../catalog/trigger.js";

/** The predictable name of a new function for a trigger: its base name, then `-2`, `-3`, ... */
export function nextFunctionName(trigger: TriggerId, existing: readonly FunctionSpec[]): string {
  const base = triggerById(trigger).functionName;
  const taken = new Set(existing.map((f) => f.name));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** A function's name in AWS: the project's name, then the function's (`orders-api`). */
export function awsFunctionName(project: string, fn: string): string {
  return `${project}-${fn}`;
}

const words = (name: string) => name.split(/[-_]/).filter(Boolean);
export const camelCase = (name: string) =>
  words(name).map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join("");
export const pascalCase = (name: string) => words(name).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
export const snakeCase = (name: string) => words(name).join("_");
