import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { OptionDef, OptionValue } from "../catalog/option.js";
import { problemWith, quoted } from "../catalog/option.js";
import { resourceIds } from "../catalog/resource.js";
import { runtimes } from "../catalog/runtimes.js";
import { functionOptions, projectOptions } from "../catalog/settings.js";
import { triggerIds } from "../catalog/trigger.js";
import { LambdaformError } from "../errors.js";
import type { Rule } from "../verify/rules/types.js";
import { packManifestProblem, type PackManifest } from "./pack-format.js";
import { escapingTemplatePath, insidePack, symlinkOutside } from "./pack-paths.js";
import { questionOption } from "./questions.js";

/** Where a pack came from, as lambdaform.json records it. */
export type PackOrigin = { kind: "folder" } | { kind: "npm"; package: string };

/** What a pack may restrict, each a list of allowed ids. */
export interface PackChoices {
  runtimes?: string[];
  triggers?: string[];
  resources?: string[];
  regions?: string[];
}

/**
 * An org template pack: a folder (or an npm package) with any of
 *   templates/    files that shadow the built-in templates at the same relative path (or add one: `adds`)
 *   pack.json     name, defaults, locked settings, choices, questions (schemas/pack.schema.json)
 *   rules.mjs     `export const rules = [{ id, description, check(stack, ctx) }]`, run by verify
 */
export interface TemplatePack {
  dir: string;
  name: string;
  version?: string;
  origin: PackOrigin;
  templates?: string;
  rulesFile?: string;
  defaults: Partial<Record<string, OptionValue>>;
  locked: Partial<Record<string, OptionValue>>;
  choices: PackChoices;
  /** The pack's questions as catalog options (flag `--pack-<name>`). */
  questions: OptionDef[];
  /** Template paths (relative to templates/) that add files instead of replacing built-in ones. */
  adds: string[];
}

/** A broken pack: one line, naming where it is (quoted and cut short when it would not be one short line). */
export const packError = (where: string, message: string) =>
  new LambdaformError("templatePack", `template pack ${/[\u0000-\u001f\u007f]/.test(where) || where.length > 200 ? quoted(where) : where}: ${message}`);

/** Settings a pack may default or lock, by the key they have in the spec. */
export const settingDefs: OptionDef[] = [projectOptions.runtime, projectOptions.region, projectOptions.engine, ...Object.values(functionOptions)];

export function loadPack(dir: string, origin: PackOrigin = { kind: "folder" }): TemplatePack {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw packError(dir, "no such folder");
  const manifestPath = path.join(dir, "pack.json");
  const fail = (message: string) => packError(dir, message);
  // Anything can be an npm package; only one with a pack.json is a pack.
  if (origin.kind === "npm" && !existsSync(manifestPath)) {
    throw packError(`${origin.package} (${dir})`, "this npm package is not a lambdaform pack: it has no pack.json");
  }
  let manifest: PackManifest = {};
  if (existsSync(manifestPath)) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(manifestPath, "utf8"));
    } catch (error) {
      throw fail(`pack.json is not valid JSON (${(error as Error).message.split("\n")[0]})`);
    }
    const problem = packManifestProblem(raw);
    if (problem) throw fail(`pack.json ${problem}`);
    manifest = raw as PackManifest;
  }
  const outside = symlinkOutside(dir);
  if (outside) throw fail(`${outside} is a symlink that points outside the pack`);
  const templates = folderIn(dir, manifest.templates ?? "templates", "pack.json templates", manifest.templates !== undefined);
  const rulesFile = folderIn(dir, manifest.rules ?? "rules.mjs", "pack.json rules", manifest.rules !== undefined);
  if (!templates && !existsSync(manifestPath) && !rulesFile) {
    throw fail("has none of templates/, pack.json or rules.mjs");
  }
  for (const file of manifest.adds ?? []) {
    const problem = escapingTemplatePath(file);
    if (problem) throw fail(`pack.json adds ${problem}`);
  }
  const npm = readPackageJson(dir);
  return {
    dir,
    name: manifest.name ?? npm?.name ?? path.basename(dir),
    version: manifest.version ?? npm?.version,
    origin,
    templates,
    rulesFile,
    defaults: checkSettings(dir, "defaults", manifest.defaults ?? {}),
    locked: checkSettings(dir, "locked", manifest.locked ?? {}),
    choices: checkChoices(dir, manifest.choices ?? {}),
    questions: (manifest.questions ?? []).map((q) => {
      const { def, problem } = questionOption(q);
      if (problem) throw fail(`pack.json ${problem}`);
      return def!;
    }),
    adds: manifest.adds ?? [],
  };
}

/** A path pack.json names (or the default one), inside the pack; undefined when absent and not named. */
function folderIn(dir: string, rel: string, what: string, named: boolean): string | undefined {
  const { full, problem } = insidePack(dir, rel);
  if (problem) throw packError(dir, `${what}: ${problem}`);
  if (existsSync(full!)) return full;
  if (named) throw packError(dir, `${what}: ${JSON.stringify(rel)} does not exist`);
  return undefined;
}

function readPackageJson(dir: string): { name?: string; version?: string } | undefined {
  const file = path.join(dir, "package.json");
  if (!existsSync(file)) return undefined;
  try {
    const raw = JSON.parse(readFileSync(file, "utf8"));
    return { name: typeof raw.name === "string" ? raw.name : undefined, version: typeof raw.version === "string" ? raw.version : undefined };
  } catch (error) {
    throw packError(dir, `package.json is not valid JSON (${(error as Error).message.split("\n")[0]})`);
  }
}

function checkSettings(dir: string, field: string, values: Record<string, OptionValue>): Partial<Record<string, OptionValue>> {
  for (const [key, value] of Object.entries(values)) {
    const def = settingDefs.find((d) => d.key === key);
    if (!def) throw packError(dir, `pack.json ${field}.${key} is not a setting (${settingDefs.map((d) => d.key).join(", ")})`);
    const problem = problemWith(def, value);
    if (problem) throw packError(dir, `pack.json ${field}.${key} ${problem}`);
  }
  return values;
}

function checkChoices(dir: string, choices: PackChoices): PackChoices {
  const known: Record<keyof PackChoices, (id: string) => boolean> = {
    runtimes: (id) => runtimes.some((r) => r.id === id),
    triggers: (id) => (triggerIds as readonly string[]).includes(id),
    resources: (id) => (resourceIds as readonly string[]).includes(id),
    regions: (id) => problemWith(projectOptions.region, id) === undefined,
  };
  for (const [kind, ids] of Object.entries(choices) as [keyof PackChoices, string[]][]) {
    const bad = ids.find((id) => !known[kind](id));
    if (bad !== undefined) throw packError(dir, `pack.json choices.${kind} lists ${JSON.stringify(bad)}, which is not one`);
  }
  return choices;
}

/** The rules a pack adds to verify's check step; none when it has no rules module. */
export async function loadPackRules(pack: string | Pick<TemplatePack, "dir" | "rulesFile">): Promise<Rule[]> {
  const { dir, rulesFile } = typeof pack === "string" ? loadPack(pack) : pack;
  if (!rulesFile) return [];
  const name = path.relative(dir, rulesFile);
  let exported: unknown;
  try {
    exported = (await import(pathToFileURL(rulesFile).href)).rules;
  } catch (error) {
    throw packError(dir, `${name} does not load: ${String((error as Error)?.message ?? error).split("\n")[0]}`);
  }
  if (!Array.isArray(exported)) throw packError(dir, `${name} must export \`rules\`, an array`);
  for (const rule of exported as Partial<Rule>[]) {
    if (typeof rule?.id !== "string" || typeof rule.description !== "string" || typeof rule.check !== "function") {
      throw packError(dir, `every rule in ${name} needs an id, a description and a check function`);
    }
  }
  return exported as Rule[];
}
