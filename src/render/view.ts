import { resourceById } from "../catalog/resource.js";
import { runtimeById } from "../catalog/runtimes.js";
import { triggerById } from "../catalog/triggers/index.js";
import { pythonDevVersions } from "../catalog/versions.js";
import { generatorVersion } from "../paths.js";
import { awsFunctionName, camelCase, pascalCase, snakeCase } from "../project/naming.js";
import type { FunctionSpec, ProjectSpec } from "../project/spec.js";
import { projectPackages } from "./packages.js";

/** What a template sees. Derived from the spec alone, so re-rendering is deterministic. */
export function projectView(spec: ProjectSpec) {
  const runtime = runtimeById(spec.runtime);
  const resourceViews = spec.resources.map((id) => {
    const def = resourceById(id);
    return {
      id,
      title: def.title,
      envVar: def.envVar,
      camel: camelCase(id),
      pascal: pascalCase(id),
      wirePartial: `resources/${id}/wire`,
      readmePartial: `resources/${id}/readme`,
      stackTestPartial: `resources/${id}/stack-test`,
    };
  });
  const usedResources = resourceViews.filter((r) => r.envVar !== undefined);
  const functions = spec.functions.map((fn) => functionView(spec, fn));
  const usedTriggers = [...new Set(spec.functions.map((f) => f.trigger))].map((id) => {
    const def = triggerById(id);
    return { id, title: def.title, pascal: pascalCase(id), camel: camelCase(id) };
  });
  return {
    project: {
      name: spec.name,
      pascal: pascalCase(spec.name),
      camel: camelCase(spec.name),
      runtime: spec.runtime,
      runtimeVersion: runtime.version,
      language: runtime.language,
      isNode: runtime.language === "node",
      isPython: runtime.language === "python",
      region: spec.region,
      generatorVersion,
    },
    settings: spec.settings,
    settingsWithoutEnv: Object.fromEntries(Object.entries(spec.settings).filter(([key]) => key !== "env")),
    functions,
    functionNames: functions.map((f) => f.name),
    /** How many functions read items back (and get read grants). */
    readerCount: functions.filter((f) => f.readsItems).length,
    triggers: usedTriggers,
    resources: resourceViews,
    hasResource: Object.fromEntries(spec.resources.map((id) => [id, true])),
    hasTrigger: Object.fromEntries(spec.functions.map((f) => [f.trigger, true])),
    /** Resources handlers call through an environment variable (all but the layer). */
    usedResources,
    usedResourceVariables: usedResources.map((r) => r.envVar!),
    /** True when handlers call AWS, so tests can cover the failing-dependency path. */
    hasDataResource: usedResources.length > 0,
    packages: projectPackages(spec),
    pythonDev: Object.entries(pythonDevVersions).map(([name, version]) => ({ name, version })),
  };
}

export function functionView(spec: ProjectSpec, fn: FunctionSpec) {
  const trigger = triggerById(fn.trigger);
  return {
    name: fn.name,
    awsName: awsFunctionName(spec.name, fn.name),
    camel: camelCase(fn.name),
    pascal: pascalCase(fn.name),
    snake: snakeCase(fn.name),
    trigger: fn.trigger,
    triggerTitle: trigger.title,
    triggerPascal: pascalCase(fn.trigger),
    invocation: trigger.invocation,
    /** HTTP-style functions serve stored items back (GET /items/{id}); the others only write. */
    readsItems: trigger.invocation === "sync",
    options: fn.options,
    /** Trigger-specific values derived from the options (`TriggerDef.templateData`). */
    data: trigger.templateData?.(fn.options) ?? {},
    handler: runtimeById(spec.runtime).language === "node" ? "index.handler" : `app.handlers.${snakeCase(fn.name)}.handler`,
    wirePartial: `triggers/${fn.trigger}/wire`,
    stackTestPartial: `triggers/${fn.trigger}/stack-test`,
    readmePartial: `triggers/${fn.trigger}/readme`,
  };
}

export type ProjectView = ReturnType<typeof projectView>;
export type FunctionView = ReturnType<typeof functionView>;
