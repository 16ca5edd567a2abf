import path from "node:path";
import { fileURLToPath } from "node:url";
import nodePlop from "node-plop";
import lambdaformGenerators, { type GeneratorData } from "../../generators/lambdaform.js";
import { LambdaformError } from "../errors.js";
import { buildManifest, manifestFile, serializeManifest, type Manifest } from "../manifest/manifest.js";
import type { ProjectSpec } from "../project/spec.js";
import { Renderer } from "./renderer.js";
import type { TemplateLayers } from "./template-layers.js";
import { Tree } from "./tree.js";

/**
 * Runs a registered generator into a fresh in-memory tree and adds the manifest. Pure: it
 * reads templates and writes nothing, so `--dry-run`, tests and `add` all share it.
 */
export async function renderProject(
  spec: ProjectSpec,
  layers: TemplateLayers,
  extra: Pick<Manifest, "templatePacks" | "waivers"> = { templatePacks: [], waivers: [] },
  generator = "project",
): Promise<Tree> {
  const plop = await nodePlop("", { destBasePath: path.dirname(fileURLToPath(import.meta.url)), force: false });
  lambdaformGenerators(plop);
  const tree = new Tree();
  const data: GeneratorData = { spec, layers, renderer: new Renderer(layers), tree };
  const result = await plop.getGenerator(generator).runActions(data as never);
  const failure = result.failures[0];
  if (failure) {
    if (data.failure instanceof LambdaformError) throw data.failure;
    throw new LambdaformError("templatePack", `rendering failed: ${String(failure.error)}`);
  }
  tree.write(manifestFile, serializeManifest(buildManifest(spec, tree, extra)));
  return tree;
}
