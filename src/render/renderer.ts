import type { RuntimeOptions, TemplateDelegate } from "handlebars";
import path from "node:path";
import { LambdaformError } from "../errors.js";
import { builtinTemplates } from "../paths.js";
import { precompiledSpec } from "./precompiled.js";
import { compileOptions, createHandlebars } from "./handlebars.js";
import { partialDirs } from "./plan.js";
import type { TemplateLayers } from "./template-layers.js";

const renderers = new WeakMap<TemplateLayers, Renderer>();

/** Renders templates from the layers; partials are registered once, templates compiled once. */
export class Renderer {
  /**
   * One renderer per set of layers for the whole process: `add` renders the recorded spec and the
   * new one, and both share the compiled templates.
   */
  static for(layers: TemplateLayers): Renderer {
    let renderer = renderers.get(layers);
    if (!renderer) renderers.set(layers, (renderer = new Renderer(layers)));
    return renderer;
  }

  private readonly hbs = createHandlebars();
  private readonly compiled = new Map<string, TemplateDelegate>();

  constructor(private readonly layers: TemplateLayers) {
    for (const dir of partialDirs(layers)) {
      for (const file of layers.listTop(dir).filter((f) => f.endsWith(".hbs"))) {
        const name = `${dir}/${file.slice(0, -4)}`;
        // Compiled when a template first includes it: most are another trigger's or resource's,
        // which this project never renders (loading them all was about 50 ms of a 0.3 s render).
        const partial = (context: unknown, options?: RuntimeOptions) => this.compile(`${dir}/${file}`)(context, options);
        this.hbs.registerPartial(name, partial as TemplateDelegate);
      }
    }
  }

  /** Renders `.hbs` templates; returns any other file as it is. */
  render(template: string, data: object): string {
    if (!template.endsWith(".hbs")) return this.layers.read(template).content;
    try {
      return this.compile(template)(data);
    } catch (error) {
      // A partial it includes that does not parse: already one line naming that file.
      if (error instanceof LambdaformError) throw error;
      throw new LambdaformError("templatePack", `template ${template} failed: ${(error as Error).message.split("\n")[0]}`);
    }
  }

  private compile(template: string): TemplateDelegate {
    let fn = this.compiled.get(template);
    if (!fn) {
      const { content, source } = this.layers.read(template);
      const spec = source === path.join(builtinTemplates, template) ? precompiledSpec(template, content) : undefined;
      if (spec) {
        fn = this.hbs.template(spec as never);
        this.compiled.set(template, fn);
        return fn;
      }
      try {
        // Parsed now so syntax errors surface here, naming the file, not mid-render; compile()
        // itself is lazy and compiles on the first render (compiling twice cost a third of `add`).
        this.hbs.parse(content);
        fn = this.hbs.compile(content, compileOptions);
      } catch (error) {
        throw new LambdaformError("templatePack", `template ${source} does not parse: ${(error as Error).message.split("\n")[0]}`);
      }
      this.compiled.set(template, fn);
    }
    return fn;
  }
}
