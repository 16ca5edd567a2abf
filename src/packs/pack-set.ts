import path from "node:path";
import type { PackRecord } from "../manifest/manifest.js";
import { builtinTemplates } from "../paths.js";
import type { Defaults } from "../create/answer-source.js";
import { TemplateLayers } from "../render/template-layers.js";
import { loadPack, loadPackRules, packError, type TemplatePack } from "./pack.js";
import { checkPackTemplates } from "./pack-templates.js";
import { packDefaults, packPolicy, type PackPolicy } from "./policy.js";
import { recordedPackDir, resolvePack, type ResolvedPack } from "./resolve-pack.js";

/** The packs of one project, and what they make of the built-in templates and defaults. */
export interface PackSet {
  packs: TemplatePack[];
  layers: TemplateLayers;
  defaults: Defaults;
  policy: PackPolicy;
}

/** Packs as `--template-pack` names them (folders or npm packages), resolved from `cwd`. */
export async function loadPackSet(specs: readonly string[], cwd: string): Promise<PackSet> {
  const resolved: ResolvedPack[] = [];
  for (const spec of specs) resolved.push(await resolvePack(spec, cwd));
  return loadResolved(resolved);
}

/** The packs a project's lambdaform.json records, at the versions recorded. */
export async function loadRecordedPacks(records: readonly PackRecord[], projectDir: string): Promise<PackSet> {
  const resolved: ResolvedPack[] = [];
  for (const record of records) {
    const dir = await recordedPackDir(record, projectDir);
    resolved.push({ dir, origin: "npm" in record.source ? { kind: "npm", package: record.source.npm } : { kind: "folder" } });
  }
  return loadResolved(resolved);
}

/**
 * Loads packs in the order given. Later packs win over earlier ones; all win over the built-in
 * templates and defaults. Everything that could break later is checked now, before a question
 * is asked or a file written: pack.json, every template, the rules module (loaded only to be
 * checked: a pack whose rules do not load must stop the command now, not a later verify).
 */
async function loadResolved(resolved: readonly ResolvedPack[]): Promise<PackSet> {
  const packs = resolved.map(({ dir, origin }) => loadPack(dir, origin));
  const seen = new Set<string>();
  for (const pack of packs) {
    if (seen.has(pack.name)) throw packError(pack.dir, `another pack is named ${pack.name} too; names must differ`);
    seen.add(pack.name);
  }
  const policy = packPolicy(packs);
  const templates = packs.flatMap((pack) => (pack.templates ? [pack.templates] : []));
  const layers = new TemplateLayers([...templates.reverse(), builtinTemplates]);
  const packFields = new Set(policy.questions.map((q) => q.key));
  for (const pack of packs) checkPackTemplates(pack, layers, packFields);
  for (const pack of packs) await loadPackRules(pack);
  return { packs, layers, defaults: packDefaults(packs, policy), policy };
}

/** How lambdaform.json records a pack: an npm package by name and exact version, a folder relative to the project. */
export function packRecord(pack: TemplatePack, projectDir: string): PackRecord {
  const source = pack.origin.kind === "npm" ? { npm: pack.origin.package } : { folder: path.relative(projectDir, pack.dir) || "." };
  return { name: pack.name, ...(pack.version ? { version: pack.version } : {}), source };
}
