import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { OptionDef, OptionValue } from "../catalog/option.js";
import { problemWith } from "../catalog/option.js";
import { functionOptions, projectOptions } from "../catalog/settings.js";
import { LambdaformError } from "../errors.js";
import type { Rule } from "../verify/rules/types.js";

/**
 * An org template pack: a folder with any of
 *   templates/    files that shadow the built-in templates at the same relative path
 *   pack.json     { "name": "...", "defaults": { "memory": 512, "region": "eu-west-1", ... } }
 *   rules.mjs     `export const rules = [{ id, description, check(stack, ctx) }]`, run by verify
 */
export interface TemplatePack {
  dir: string;
  name: string;
  templates?: string;
  defaults: Partial<Record<string, OptionValue>>;
}

const packError = (dir: string, message: string) => new LambdaformError("templatePack", `template pack ${dir}: ${message}`);

/** Settings a pack may default, by the key they have in the spec. */
const defaultable: OptionDef[] = [projectOptions.runtime, projectOptions.region, ...Object.values(functionOptions)];

export function loadPack(dir: string): TemplatePack {
  if (!existsSync(dir)) throw packError(dir, "no such folder");
  const templates = path.join(dir, "templates");
  const manifestPath = path.join(dir, "pack.json");
  let manifest: { name?: unknown; defaults?: unknown } = {};
  if (existsSync(manifestPath)) {
    try {
      manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    } catch (error) {
      throw packError(dir, `pack.json is not valid JSON (${(error as Error).message})`);
    }
  }
  const hasRules = existsSync(path.join(dir, "rules.mjs"));
  if (!existsSync(templates) && !existsSync(manifestPath) && !hasRules) {
    throw packError(dir, "has none of templates/, pack.json or rules.mjs");
  }
  return {
    dir,
    name: typeof manifest.name === "string" ? manifest.name : path.basename(dir),
    templates: existsSync(templates) ? templates : undefined,
    defaults: checkDefaults(dir, manifest.defaults ?? {}),
  };
}

function checkDefaults(dir: string, defaults: unknown): Partial<Record<string, OptionValue>> {
  if (typeof defaults !== "object" || defaults === null || Array.isArray(defaults)) {
    throw packError(dir, "pack.json defaults must be an object");
  }
  for (const [key, value] of Object.entries(defaults)) {
    const def = defaultable.find((d) => d.key === key);
    if (!def) throw packError(dir, `pack.json defaults.${key} is not a setting (${defaultable.map((d) => d.key).join(", ")})`);
    const problem = problemWith(def, value as OptionValue);
    if (problem) throw packError(dir, `pack.json defaults.${key} ${problem}`);
  }
  return defaults as Partial<Record<string, OptionValue>>;
}

/** The rules a pack adds to verify's check step; none when it has no rules.mjs. */
export async function loadPackRules(dir: string): Promise<Rule[]> {
  const file = path.join(dir, "rules.mjs");
  if (!existsSync(file)) return [];
  let exported: unknown;
  try {
    exported = (await import(pathToFileURL(file).href)).rules;
  } catch (error) {
    throw packError(dir, `rules.mjs does not load: ${(error as Error).message.split("\n")[0]}`);
  }
  if (!Array.isArray(exported)) throw packError(dir, "rules.mjs must export `rules`, an array");
  for (const rule of exported as Partial<Rule>[]) {
    if (typeof rule?.id !== "string" || typeof rule.description !== "string" || typeof rule.check !== "function") {
      throw packError(dir, "every rule in rules.mjs needs an id, a description and a check function");
    }
  }
  return exported as Rule[];
}
