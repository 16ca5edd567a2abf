import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { resourceVariable } from "../catalog/resource.js";
import { usageError } from "../errors.js";
import { hashContent } from "../manifest/manifest.js";
import { fileKind } from "../plan/file-kind.js";
import { loadProject } from "../project/load.js";
import type { GrowDeps } from "./add.js";
import { parseGrowFlags, takeDir } from "./grow-flags.js";

export const listHelp = `Usage: lambdaform list [dir] [--json]

The project's functions with their triggers and settings, its resources with the functions that
use them, and the generated files edited (or deleted) since lambdaform wrote them.`;

/** `lambdaform list [dir] [--json]`. */
export async function listCommand(argv: readonly string[], deps: GrowDeps): Promise<number> {
  const flags = parseGrowFlags(argv, deps.cwd);
  if (flags.help) {
    deps.io.out(listHelp);
    return 0;
  }
  if (flags.trigger || flags.name || flags.functions.length || flags.uses.length || flags.values.size || flags.dryRun) {
    throw usageError("list takes a folder and --json only");
  }
  takeDir(flags, flags.positionals, 0, deps.cwd);
  const { manifest } = await loadProject(flags.dir);
  const { spec } = manifest;
  const edited = Object.entries(manifest.files)
    .map(([file, hash]) => {
      const full = path.join(flags.dir, file);
      if (!existsSync(full)) return { file, kind: fileKind(file), state: "deleted" as const };
      return hashContent(readFileSync(full)) === hash ? undefined : { file, kind: fileKind(file), state: "edited" as const };
    })
    .filter((f) => f !== undefined);
  const functions = spec.functions.map((f) => ({
    name: f.name,
    trigger: f.trigger,
    options: f.options,
    resources: spec.resources.filter((r) => r.functions.includes(f.name)).map((r) => r.name),
  }));
  const resources = spec.resources.map((r) => ({ ...r, variable: resourceVariable(r.type, r.name) ?? null }));
  if (flags.json) {
    const packs = manifest.templatePacks.map((p) => ({ ...p, answers: spec.packAnswers ?? {} }));
    deps.io.out(JSON.stringify({ project: spec.name, runtime: spec.runtime, region: spec.region, settings: spec.settings, functions, resources, packs, edited }, null, 2));
    return 0;
  }
  const say = deps.io.out;
  const s = spec.settings;
  say(`${spec.name}: ${spec.runtime}, ${spec.region}; every function ${s.memory} MB, ${s.timeout} s, ${s.arch}, tracing ${s.tracing ? "on" : "off"}`);
  say("");
  say("Functions:");
  for (const f of functions) {
    const opts = Object.entries(f.options).map(([k, v]) => `${k}=${v}`).join(", ");
    say(`  ${f.name}  ${f.trigger}${opts ? ` (${opts})` : ""}; uses ${f.resources.length > 0 ? f.resources.join(", ") : "no resources"}`);
  }
  say("");
  say(resources.length > 0 ? "Resources:" : "Resources: none");
  for (const r of resources) {
    say(`  ${r.name}  ${r.type}${r.variable ? ` (${r.variable})` : ""}; used by ${r.functions.length > 0 ? r.functions.join(", ") : "no function"}`);
  }
  if (manifest.templatePacks.length > 0) {
    say("");
    say("Template packs:");
    for (const p of manifest.templatePacks) {
      const from = "npm" in p.source ? `npm ${p.source.npm}` : `folder ${p.source.folder}`;
      say(`  ${p.name}${p.version ? `@${p.version}` : ""}  (${from})`);
    }
    const answers = Object.entries(spec.packAnswers ?? {});
    if (answers.length > 0) say(`  answers: ${answers.map(([k, v]) => `${k}=${String(v)}`).join(", ")}`);
  }
  say("");
  say(edited.length > 0 ? "Changed since generated:" : "Changed since generated: nothing");
  for (const f of edited) say(`  ${f.state === "edited" ? "edited " : "deleted"}  ${f.file}${f.kind === "user" ? "  (yours: later commands leave it alone)" : "  (merged three ways by later commands)"}`);
  return 0;
}
