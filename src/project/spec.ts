import type { OptionValue } from "../catalog/option.js";
import type { ResourceId } from "../catalog/resource.js";
import type { FunctionSettings } from "../catalog/settings.js";
import type { TriggerId } from "../catalog/trigger.js";

/** One Lambda function and the trigger that invokes it. */
export interface FunctionSpec {
  name: string;
  trigger: TriggerId;
  options: Record<string, OptionValue>;
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
  resources: ResourceId[];
}
