import { readFileSync } from "node:fs";
import path from "node:path";
import type { OptionDef } from "../catalog/option.js";
import { defaultRuntime } from "../catalog/runtimes.js";
import { functionOptions } from "../catalog/settings.js";
import type { FunctionSettings } from "../catalog/settings.js";
import { builtinTemplates } from "../paths.js";
import { partialDirs } from "../render/plan.js";
import { walk, type TemplateLayers } from "../render/template-layers.js";
import { projectView } from "../render/view.js";
import { packError, type TemplatePack } from "./pack.js";
import { templateProblem } from "./template-check.js";

/**
 * Checks a pack's templates before anything renders: each one parses and uses only known
 * helpers, partials and root fields (template-check.ts); each overrides a built-in template
 * (a typo'd path would otherwise add a stray file, or nothing) or is listed in pack.json `adds`,
 * and only files under a unit folder that renders are added. Throws a one-line error naming the file.
 */
export function checkPackTemplates(pack: TemplatePack, layers: TemplateLayers, packFields: ReadonlySet<string>): void {
  const files = pack.templates ? walk(pack.templates) : [];
  const builtins = new Set(walk(builtinTemplates));
  const partials = partialNames(layers);
  const where = (file: string) => path.relative(pack.dir, path.join(pack.templates!, file));
  for (const add of pack.adds) {
    if (!files.includes(add)) throw packError(pack.dir, `pack.json adds ${JSON.stringify(add)}, but templates/${add} does not exist`);
    if (builtins.has(add)) throw packError(pack.dir, `pack.json adds ${JSON.stringify(add)}, but that is a built-in template: it overrides it (remove it from adds)`);
    if (!rendered(add)) throw packError(pack.dir, `pack.json adds ${JSON.stringify(add)}, which is in no folder lambdaform renders (see docs/templates.md)`);
  }
  for (const file of files) {
    if (!builtins.has(file) && !pack.adds.includes(file)) {
      throw packError(pack.dir, `${where(file)} overrides no built-in template (a typo? to add a file, list it in pack.json adds)`);
    }
    if (!file.endsWith(".hbs")) continue;
    const partial = isPartial(file);
    const problem = templateProblem(readFileSync(path.join(pack.templates!, file), "utf8"), {
      rootFields: partial ? undefined : rootFields(perFunction(file)),
      packFields,
      partials,
    });
    if (problem) throw packError(pack.dir, `${where(file)} ${problem}`);
  }
}

/** Unit folders as src/render/plan.ts renders them. */
function rendered(file: string): boolean {
  return /^(base\/(common|node|python)|shared\/[^/]+\/(node|python)|constructs\/[^/]+\/common|resources\/[^/]+\/(common|node|python)|triggers\/[^/]+\/(common|function|node|python))\/./.test(file);
}

/** Top-level `.hbs` files of base/, triggers/<id>/ and resources/<id>/ are partials. */
function isPartial(file: string): boolean {
  return /^(base\/[^/]+|(triggers|resources)\/[^/]+\/[^/]+)\.hbs$/.test(file);
}

function perFunction(file: string): boolean {
  return /^triggers\/[^/]+\/(function|node|python)\//.test(file);
}

function partialNames(layers: TemplateLayers): Set<string> {
  const names = new Set<string>();
  for (const dir of partialDirs(layers)) {
    for (const file of layers.listTop(dir).filter((f) => f.endsWith(".hbs"))) names.add(`${dir}/${file.slice(0, -4)}`);
  }
  return names;
}

let viewFields: string[] | undefined;

/** The root fields of the view: the same for every spec, so one sample spec names them. */
function rootFields(withFn: boolean): Set<string> {
  viewFields ??= Object.keys(
    projectView({
      name: "sample",
      runtime: defaultRuntime,
      region: "us-east-1",
      settings: { ...Object.fromEntries((Object.values(functionOptions) as OptionDef[]).map((d) => [d.key, d.default])), env: {} } as unknown as FunctionSettings,
      functions: [],
      resources: [],
    }),
  );
  return new Set([...viewFields, "pack", ...(withFn ? ["fn"] : [])]);
}
