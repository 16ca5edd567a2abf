import { parseCreateFlags } from "../../src/cli/create-flags.js";
import { resolveSpec } from "../../src/create/resolve-spec.js";
import { builtinTemplates } from "../../src/paths.js";
import type { ProjectSpec } from "../../src/project/spec.js";
import { renderProject } from "../../src/render/render-project.js";
import { TemplateLayers } from "../../src/render/template-layers.js";
import type { Tree } from "../../src/render/tree.js";

/** The spec `create <args> --yes` would build, without a terminal. */
export async function specFor(args: readonly string[]): Promise<ProjectSpec> {
  const { spec } = await resolveSpec(parseCreateFlags([...args, "--yes"]), undefined);
  return spec;
}

/** The in-memory project `create <args> --yes` would write, with the built-in templates. */
export async function renderFor(args: readonly string[], layers = new TemplateLayers([builtinTemplates])): Promise<Tree> {
  return renderProject(await specFor(args), layers);
}

export function json(tree: Tree, file: string): any {
  const content = tree.read(file);
  if (content === undefined) throw new Error(`${file} was not generated`);
  return JSON.parse(content);
}
