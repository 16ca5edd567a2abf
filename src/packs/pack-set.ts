import { builtinTemplates } from "../paths.js";
import type { Defaults } from "../create/answer-source.js";
import { TemplateLayers } from "../render/template-layers.js";
import { loadPack, loadPackRules, type TemplatePack } from "./pack.js";

/** The packs of one project, and what they make of the built-in templates and defaults. */
export interface PackSet {
  packs: TemplatePack[];
  layers: TemplateLayers;
  defaults: Defaults;
}

/**
 * Loads packs (absolute folders) in the order given. Later packs win over earlier ones; all win
 * over the built-in templates and defaults. Their rules are loaded only to be checked: a pack
 * whose rules do not load must stop the command now, not a later verify.
 */
export async function loadPackSet(dirs: readonly string[]): Promise<PackSet> {
  const packs = dirs.map((dir) => loadPack(dir));
  for (const pack of packs) await loadPackRules(pack.dir);
  const templates = packs.flatMap((pack) => (pack.templates ? [pack.templates] : []));
  return {
    packs,
    layers: new TemplateLayers([...templates.reverse(), builtinTemplates]),
    defaults: Object.assign({}, ...packs.map((pack) => pack.defaults)),
  };
}
