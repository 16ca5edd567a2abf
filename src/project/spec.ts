import type { OptionValue } from "../catalog/option.js";
import type { ResourceId } from "../catalog/resource.js";
import type { FunctionSettings } from "../catalog/settings.js";
import type { TriggerId } from "../catalog/trigger.js";

/** One Lambda function and the trigger that invokes it. */
export interface FunctionSpec {
  name: string;
  trigger: TriggerId;
  options: Record<string, OptionValue>;
  /**
   * Further triggers of the same type on this function, each with its own options (a second
   * queue, another route): `lambdaform add trigger <id> --function <name>`. Absent when none.
   */
  attached?: Record<string, OptionValue>[];
}

/**
 * One resource of the project. `name` is unique among resources and names it in AWS, in the
 * stack and in its environment variable (the first of a type is usually named after the type:
 * `table` → TABLE_NAME; `orders` → ORDERS_TABLE_NAME). `functions` are the functions granted
 * access to it and given its variable: nobody else is.
 */
export interface ResourceSpec {
  type: ResourceId;
  name: string;
  functions: string[];
}

/**
 * Everything that decides what a project contains. It is stored in the manifest, and every
 * generated file is a pure function of it (plus the template layers), so a later command can
 * re-render rather than patch.
 */
export interface ProjectSpec {
  name: string;
  runtime: string;
  region: string;
  settings: FunctionSettings;
  functions: FunctionSpec[];
  resources: ResourceSpec[];
  /**
   * Answers to the template packs' own questions, by question name; templates read them as
   * `{{pack.<name>}}`. Absent when the packs ask nothing.
   */
  packAnswers?: Record<string, OptionValue>;
  /** The CDK engine the stack is written for; absent means cdktf (schema ≤ 3 projects). */
  engine?: "cdktf" | "cdktn";
}

/** The resources a function uses, in the project's order. */
export function resourcesOf(spec: ProjectSpec, fn: string): ResourceSpec[] {
  return spec.resources.filter((r) => r.functions.includes(fn));
}
