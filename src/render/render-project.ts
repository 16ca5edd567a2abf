import lambdaformGenerators, { type GeneratorData } from "../../generators/lambdaform.js";
import { LambdaformError } from "../errors.js";
import { buildManifest, manifestFile, serializeManifest, type Manifest } from "../manifest/manifest.js";
import type { ProjectSpec } from "../project/spec.js";
import { loadNodePlop } from "./plop.js";
import { Renderer } from "./renderer.js";
import type { TemplateLayers } from "./template-layers.js";
import { Tree } from "./tree.js";

/**
 * Runs a registered generator into a fresh in-memory tree and adds the manifest. Pure: it
 * reads templates and writes nothing, so `--dry-run`, tests and `create` all share it.
 */
export async function renderProject(
  spec: ProjectSpec,
  layers: TemplateLayers,
  extra: Pick<Manifest, "templatePacks" | "waivers" | "stages"> = { templatePacks: [], waivers: [] },
  generator = "project",
): Promise<Tree> {
  // A destination nothing can be written under: were a built-in plop action ever run, it would
  // fail rather than write somewhere. Our `render` action writes only into the tree.
  const nodePlop = await loadNodePlop();
  const plop = await nodePlop("", { destBasePath: "/dev/null/lambdaform-writes-nothing", force: false });
  lambdaformGenerators(plop);
  const tree = new Tree();
  const data: GeneratorData = { spec, layers, renderer: Renderer.for(layers), tree };
  const result = await plop.getGenerator(generator).runActions(data as never);
  const failure = result.failures[0];
  if (failure) {
    // Our own errors keep their exit code; anything else thrown while rendering is a bug of ours,
    // not a broken pack, so it surfaces as an internal error.
    if (data.failure) throw data.failure;
    throw new LambdaformError("templatePack", `rendering failed: ${String(failure.error)}`);
  }
  tree.write(manifestFile, serializeManifest(buildManifest(spec, tree, extra)));
  return tree;
}
