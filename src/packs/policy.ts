import type { OptionDef, OptionValue } from "../catalog/option.js";
import { quoted } from "../catalog/option.js";
import { projectOptions } from "../catalog/settings.js";
import { toolFlags, type CreateFlags } from "../cli/create-flags.js";
import type { AnswerLimits } from "../create/answer-source.js";
import { invalidValue } from "../errors.js";
import type { ProjectSpec } from "../project/spec.js";
import { packError, settingDefs, type PackChoices, type TemplatePack } from "./pack.js";

/** The choice lists, keyed as the spec's option keys and flags see them. */
const choiceKinds = {
  runtimes: { key: "runtime", what: "runtime", flag: "--runtime" },
  regions: { key: "region", what: "region", flag: "--region" },
  triggers: { key: "trigger", what: "trigger", flag: "--trigger" },
  resources: { key: "resource", what: "resource", flag: "--resource" },
} as const satisfies Record<keyof PackChoices, unknown>;

export type ChoiceKind = keyof typeof choiceKinds;

/** What the packs of a project allow and lock, merged; answers are checked against it. */
export interface PackPolicy {
  /** Locked settings by key, with the pack that locks each. */
  locked: Map<string, { value: OptionValue; pack: string }>;
  /** Per kind, the packs that restrict it, each with its list (all must allow an id). */
  allowed: Map<ChoiceKind, { ids: readonly string[]; pack: string }[]>;
  /** Every pack's questions. */
  questions: OptionDef[];
}

/**
 * Merges packs in order. A later pack may narrow what an earlier one allows, but may not lock
 * or default a setting to another value than an earlier pack locked it to; a pack's own default
 * must fit its own choices and locks. Each such contradiction is a broken pack (exit 6).
 */
export function packPolicy(packs: readonly TemplatePack[]): PackPolicy {
  const policy: PackPolicy = { locked: new Map(), allowed: new Map(), questions: [] };
  const settingKeys = new Set(settingDefs.map((d) => d.key));
  for (const pack of packs) {
    for (const [kind, ids] of Object.entries(pack.choices) as [ChoiceKind, string[]][]) {
      policy.allowed.set(kind, [...(policy.allowed.get(kind) ?? []), { ids, pack: pack.name }]);
    }
    for (const [key, value] of Object.entries(pack.locked) as [string, OptionValue][]) {
      const earlier = policy.locked.get(key);
      if (earlier && earlier.value !== value) {
        throw packError(pack.name, `pack.json locked.${key} ${quoted(String(value))} changes ${key}, which template pack ${earlier.pack} locks to ${quoted(String(earlier.value))}`);
      }
      policy.locked.set(key, { value, pack: pack.name });
    }
    for (const [key, value] of Object.entries(pack.defaults) as [string, OptionValue][]) {
      const lock = policy.locked.get(key);
      if (lock && lock.value !== value) {
        throw packError(pack.name, `pack.json defaults.${key} ${quoted(String(value))} changes ${key}, which template pack ${lock.pack} locks to ${quoted(String(lock.value))}`);
      }
    }
    for (const [kind, { key }] of Object.entries(choiceKinds) as [ChoiceKind, { key: string }][]) {
      for (const value of [pack.defaults[key], policy.locked.get(key)?.value]) {
        if (value === undefined) continue;
        const refusal = refusedBy(policy, kind, String(value));
        if (refusal) throw packError(pack.name, `pack.json sets ${key} ${quoted(String(value))}, which template pack ${refusal.pack} does not allow (${refusal.ids.join(", ")})`);
      }
    }
    for (const question of pack.questions) {
      if (settingKeys.has(question.key) || policy.questions.some((q) => q.key === question.key)) {
        throw packError(pack.name, `pack.json question ${question.key} has the name of a setting or of another pack's question`);
      }
      policy.questions.push(question);
    }
  }
  return policy;
}

function refusedBy(policy: PackPolicy, kind: ChoiceKind, id: string): { ids: readonly string[]; pack: string } | undefined {
  return policy.allowed.get(kind)?.find((entry) => !entry.ids.includes(id));
}

/** The ids of `all` every pack allows, in their order. */
export function allowedIds<T extends string>(policy: PackPolicy, kind: ChoiceKind, all: readonly T[]): T[] {
  return all.filter((id) => !refusedBy(policy, kind, id));
}

function refuse(kind: ChoiceKind, id: string, policy: PackPolicy, how: string): void {
  const refusal = refusedBy(policy, kind, id);
  if (refusal) {
    throw invalidValue(`${how} ${quoted(id)}: template pack ${refusal.pack} allows only ${choiceKinds[kind].what}s ${refusal.ids.join(", ")}`);
  }
}

function refuseUnlocked(key: string, value: OptionValue | undefined, policy: PackPolicy, how: string): void {
  const lock = policy.locked.get(key);
  if (lock && value !== undefined && value !== lock.value) {
    // A switch is named as typed (`--no-tracing`), not as a value.
    const negated = `no-${how.slice(2)}`;
    const given = how.startsWith("--") && value === false && negated in toolFlags ? `--${negated}` : `${how} ${quoted(String(value))}`;
    throw invalidValue(`${given}: template pack ${lock.pack} locks ${key} to ${quoted(String(lock.value))}`);
  }
}

/** Refuses an id of `kind` that a pack does not allow (`add trigger function-url`), before anything is asked. */
export function refuseByPacks(policy: PackPolicy, kind: ChoiceKind, id: string, how: string): void {
  refuse(kind, id, policy, how);
}

/** Refuses, before any question, flags the packs do not allow or that change a locked setting. */
export function checkFlagsAgainstPacks(flags: CreateFlags, policy: PackPolicy): void {
  for (const id of flags.triggers) refuse("triggers", id, policy, "--trigger");
  for (const id of flags.resources) refuse("resources", id, policy, "--resource");
  for (const def of settingDefs) {
    const raw = flags.values.get(def.flag);
    if (raw === undefined) continue;
    const value = def.type === "integer" && /^-?\d+$/.test(String(raw)) ? Number(raw) : def.type === "boolean" && typeof raw === "string" ? raw === "true" : raw;
    refuseUnlocked(def.key, value, policy, `--${def.flag}`);
    if (def.key === "runtime") refuse("runtimes", String(raw), policy, "--runtime");
    if (def.key === "region") refuse("regions", String(raw), policy, "--region");
  }
}

/**
 * Checks a whole spec against the packs: what create resolved, or what `add`/`remove` would
 * make of a project. Throws a one-line error naming the pack that refuses.
 */
export function checkAgainstPacks(spec: ProjectSpec, packs: readonly TemplatePack[] | PackPolicy): void {
  const policy = Array.isArray(packs) ? packPolicy(packs) : (packs as PackPolicy);
  refuse("runtimes", spec.runtime, policy, "runtime");
  refuse("regions", spec.region, policy, "region");
  for (const fn of spec.functions) refuse("triggers", fn.trigger, policy, `function ${fn.name}: trigger`);
  for (const r of spec.resources) refuse("resources", r.type, policy, `resource ${r.name}: type`);
  const values: Record<string, OptionValue | undefined> = {
    ...(spec.settings as unknown as Record<string, OptionValue>),
    runtime: spec.runtime,
    region: spec.region,
    engine: spec.engine ?? "cdktf",
  };
  for (const key of policy.locked.keys()) refuseUnlocked(key, values[key], policy, key);
}

/**
 * Defaults that fit the packs: the packs' own, then, for a runtime or region the packs restrict
 * without a default, the first they allow (the built-in default may not be one of them).
 * Locked values are defaults too; the prompt for them is skipped (see AnswerSource).
 */
export function packDefaults(packs: readonly TemplatePack[], policy: PackPolicy): Partial<Record<string, OptionValue>> {
  const defaults: Partial<Record<string, OptionValue>> = Object.assign({}, ...packs.map((p) => p.defaults));
  for (const [key, lock] of policy.locked) defaults[key] = lock.value;
  for (const [kind, def] of [["runtimes", projectOptions.runtime], ["regions", projectOptions.region]] as const) {
    const current = defaults[def.key] ?? def.default;
    const lists = policy.allowed.get(kind);
    if (lists && !lists.every((l) => l.ids.includes(String(current)))) {
      const first = lists[0]!.ids.find((id) => lists.every((l) => l.ids.includes(id)));
      if (first === undefined) throw packError(lists.at(-1)!.pack, `pack.json choices.${kind} leaves no ${def.key} the other packs allow`);
      defaults[def.key] = first;
    }
  }
  return defaults;
}

/** The policy as prompts need it: locked keys, and per option key the ids every pack allows. */
export function answerLimits(policy: PackPolicy): AnswerLimits {
  const allowed: Record<string, string[]> = {};
  for (const [kind, lists] of policy.allowed) {
    const [first, ...rest] = lists;
    allowed[choiceKinds[kind].key] = first!.ids.filter((id) => rest.every((l) => l.ids.includes(id)));
  }
  return { locked: new Set(policy.locked.keys()), allowed };
}
