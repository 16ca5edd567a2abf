import type { NodePlopAPI } from "node-plop";
import type { ProjectSpec } from "../src/project/spec.js";
import { planRender } from "../src/render/plan.js";
import type { Renderer } from "../src/render/renderer.js";
import type { TemplateLayers } from "../src/render/template-layers.js";
import type { Tree } from "../src/render/tree.js";

/** What every lambdaform generator receives from the command that runs it. */
export interface GeneratorData {
  spec: ProjectSpec;
  layers: TemplateLayers;
  renderer: Renderer;
  tree: Tree;
  /** node-plop reduces a failed action's error to its message; the original is kept here. */
  failure?: unknown;
}

/**
 * The plopfile: node-plop is our registry and runner of generators, but its built-in file
 * actions write straight to disk and HTML-escape, so our one action type, `render`, writes
 * into the in-memory tree. Nothing reaches the disk until the command commits the tree.
 */
export default function lambdaformGenerators(plop: NodePlopAPI): void {
  plop.setActionType("render", (answers, config) => {
    const data = answers as unknown as GeneratorData;
    const { template, target, view } = config as unknown as { template: string; target: string; view: object };
    try {
      data.tree.write(target, data.renderer.render(template, view));
    } catch (error) {
      data.failure ??= error;
      throw error;
    }
    return target;
  });

  plop.setGenerator("project", {
    description: "a whole project, rendered from its spec",
    prompts: [],
    actions: (answers) => {
      const data = answers as unknown as GeneratorData;
      return planRender(data.spec, data.layers).map((action) => ({
        type: "render",
        template: action.template,
        target: action.target,
        view: action.data,
        abortOnFail: true,
      }));
    },
  });
}
