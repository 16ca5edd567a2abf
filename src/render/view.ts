import { throttlingCodes } from "../catalog/aws-errors.js";
import { engineOf } from "../catalog/engines.js";
import { resourceById, resourceVariable, type ResourceId } from "../catalog/resource.js";
import { runtimeById } from "../catalog/runtimes.js";
import { triggerById } from "../catalog/triggers/index.js";
import { pythonDevVersions } from "../catalog/versions.js";
import { generatorVersion } from "../paths.js";
import { awsFunctionName, camelCase, pascalCase, snakeCase } from "../project/naming.js";
import { resourcesOf, type FunctionSpec, type ProjectSpec, type ResourceSpec } from "../project/spec.js";
import { projectPackages } from "./packages.js";

/** What a template sees. Derived from the spec alone, so re-rendering is deterministic. */
export function projectView(spec: ProjectSpec) {
  const runtime = runtimeById(spec.runtime);
  const resourceViews = spec.resources.map((r) => resourceView(spec, r));
  // The resource named after its type (`table`) is the one the handlers of the functions that use
  // it call (`fn.uses`); others are wired in the stack, and the team's own code uses them through
  // their variables.
  const primary = resourceViews.filter((r) => r.isPrimary);
  const usedResources = primary.filter((r) => r.envVar !== undefined);
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
    /** The stack's CDK: templates import `{{engine.core}}` and `{{engine.provider}}/lib/<resource>`. */
    engine: engineOf(spec),
    settings: spec.settings,
    // What the stack's functions share; the alarm email is the stack's, not a function setting.
    settingsWithoutEnv: Object.fromEntries(Object.entries(spec.settings).filter(([key]) => key !== "env" && key !== "alarmEmail")),
    functions,
    functionNames: functions.map((f) => f.name),
    /** How many functions read items back (and get read grants). */
    readerCount: functions.filter((f) => f.readsItems).length,
    triggers: usedTriggers,
    resources: resourceViews,
    /** Resource types in use, once each (their cdktf construct classes). */
    resourceTypes: [...new Set(spec.resources.map((r) => r.type))].map((id) => ({ id, pascal: pascalCase(id) })),
    hasResource: Object.fromEntries(primary.map((r) => [r.id, true])),
    hasTrigger: Object.fromEntries(spec.functions.map((f) => [f.trigger, true])),
    /** S3 buckets in the stack (bucket resources, S3 triggers' own buckets): a destroy stops at a non-empty one. */
    bucketOutputs: [
      ...spec.resources.filter((r) => r.type === "bucket").map((r) => resourceVariable(r.type, r.name)!.toLowerCase()),
      ...spec.functions.filter((f) => f.trigger === "s3").map((f) => `${f.name}_bucket_name`),
    ],
    /** Resources handlers call through an environment variable (all but the layer). */
    usedResources,
    usedResourceVariables: usedResources.map((r) => r.envVar!),
    /** Per function, the variables of the resources it calls, as the stack sets them. */
    variablesByFunction: Object.fromEntries(
      functions.map((f) => [f.name, [...f.calls.map((r) => r.envVar!), ...(f.announces ? [idempotencyVariable] : [])]]),
    ),
    /** True when handlers call AWS, so tests can cover the failing-dependency path. */
    hasDataResource: usedResources.length > 0,
    /**
     * The table that remembers which items were already sent to the queue or published to the
     * topic, so a redelivered event announces nothing twice; false when no function announces.
     */
    idempotency: functions.some((f) => f.announces)
      ? {
          awsName: `${spec.name}-idempotency-records`,
          envVar: idempotencyVariable,
          /** AWS names of the functions that announce, the only ones given the table. */
          users: functions.filter((f) => f.announces).map((f) => f.awsName),
        }
      : (false as const),
    packages: projectPackages(spec),
    /** AWS error codes the handlers treat as throttling (src/catalog/aws-errors.ts). */
    throttlingCodes,
    /** Answers to the template packs' own questions, by question name (`{{pack.team}}`). */
    pack: spec.packAnswers ?? {},
    pythonDev: Object.entries(pythonDevVersions).map(([name, version]) => ({ name, version })),
  };
}

function resourceView(spec: ProjectSpec, r: ResourceSpec) {
  const def = resourceById(r.type);
  const constructId = r.name === r.type ? r.name : `${r.name}-${r.type}`;
  const users = spec.functions.filter((f) => r.functions.includes(f.name));
  return {
    /** The type: templates and partials are per type (`resources/table/wire`). */
    id: r.type,
    name: r.name,
    title: def.title,
    envVar: resourceVariable(r.type, r.name),
    /**
     * Its construct id (`table`, `orders-table`), which also names its grants; the stack's variable
     * for it (`table`, `ordersTable`); its construct class (`Table`).
     */
    constructId,
    camel: camelCase(constructId),
    pascal: pascalCase(r.type),
    /** Its name in AWS: the project's name, then the resource's. */
    awsName: `${spec.name}-${r.name}`,
    isPrimary: r.name === r.type,
    /** For a bucket: AWS caps prefixes at 37 characters, the dash SecureBucket adds included. */
    bucketPrefix: `${spec.name}-${r.name}`.slice(0, 36).replace(/-+$/, ""),
    /** AWS names of the functions that use it, and how many of them read items back from it. */
    users: users.map((f) => awsFunctionName(spec.name, f.name)),
    userNames: users.map((f) => f.name),
    lowerEnvVar: resourceVariable(r.type, r.name)?.toLowerCase(),
    readers: users.filter((f) => functionReads(spec, f) === r.name).length,
    everyFunction: spec.functions.every((f) => r.functions.includes(f.name)),
    wirePartial: `resources/${r.type}/wire`,
    readmePartial: `resources/${r.type}/readme`,
    stackTestPartial: `resources/${r.type}/stack-test`,
  };
}

/**
 * The store a function reads items back from: HTTP-style functions serve stored items, from the
 * table, or the bucket when there is no table (as the items code does), if they were given it.
 */
function functionReads(spec: ProjectSpec, fn: FunctionSpec): "table" | "bucket" | undefined {
  if (triggerById(fn.trigger).invocation !== "sync") return undefined;
  const source = spec.resources.some((r) => r.name === "table" && r.type === "table") ? "table" : "bucket";
  return resourcesOf(spec, fn.name).some((r) => r.name === source && r.type === source) ? source : undefined;
}

export function functionView(spec: ProjectSpec, fn: FunctionSpec) {
  const trigger = triggerById(fn.trigger);
  const uses = resourcesOf(spec, fn.name);
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
    /** The resources the stack gives this function (variables and grants), in the project's order. */
    resources: uses.map((r) => resourceView(spec, r)),
    /** Those of its resources its code calls through a variable (all but the layer). */
    calls: uses.map((r) => resourceView(spec, r)).filter((r) => r.envVar !== undefined),
    usesLayer: uses.some((r) => r.type === "layer"),
    /**
     * The primary resources (named after their type) this function's own code uses, by type:
     * `{{#if fn.uses.table}}`. Its handler renders one typical use of each, and only those.
     */
    uses: Object.fromEntries(uses.filter((r) => r.name === r.type && r.type !== "layer").map((r) => [r.type, true])) as Partial<
      Record<Exclude<ResourceId, "layer">, true>
    >,
    /** It uses some primary resource, so its handler calls AWS (and its tests cover failing calls). */
    usesAny: uses.some((r) => r.name === r.type && r.type !== "layer"),
    /**
     * It sends items to the primary queue or publishes them to the primary topic: effects a
     * redelivery would repeat, so it records them in the idempotency table.
     */
    announces: uses.some((r) => r.name === r.type && (r.type === "queue" || r.type === "topic")),
    /** The store it reads items back from, when it serves them and was given that store. */
    readsFrom: functionReads(spec, fn),
    options: fn.options,
    /**
     * The function's triggers of its type: the first, then any attached (`add trigger --function`).
     * `source` is 2, 3, ... for attached ones (it tags their names and outputs), absent for the first.
     */
    attached: fn.attached ?? [],
    sources: [fn.options, ...(fn.attached ?? [])].map((options, i) => ({
      options,
      data: trigger.templateData?.(options) ?? {},
      source: i === 0 ? undefined : i + 1,
      tag: i === 0 ? "" : `-${i + 1}`,
    })),
    /** Trigger-specific values derived from the options (`TriggerDef.templateData`). */
    data: trigger.templateData?.(fn.options) ?? {},
    handler: runtimeById(spec.runtime).language === "node" ? "index.handler" : `app.handlers.${snakeCase(fn.name)}.handler`,
    wirePartial: `triggers/${fn.trigger}/wire`,
    stackTestPartial: `triggers/${fn.trigger}/stack-test`,
    readmePartial: `triggers/${fn.trigger}/readme`,
  };
}

/** Where functions that announce items find the idempotency table. */
export const idempotencyVariable = "IDEMPOTENCY_TABLE_NAME";

export type ProjectView = ReturnType<typeof projectView>;
export type FunctionView = ReturnType<typeof functionView>;
