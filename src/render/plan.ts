import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { resourceById } from "../catalog/resource.js";
import { runtimeById } from "../catalog/runtimes.js";
import { triggerById } from "../catalog/triggers/index.js";
import type { ProjectSpec } from "../project/spec.js";
import type { TemplateLayers } from "./template-layers.js";
import { functionView, projectView, type FunctionView, type ProjectView } from "./view.js";

/** One file to render: a template (relative to the layers) into a project path, with its data. */
export interface RenderAction {
  template: string;
  target: string;
  data: ProjectView & { fn?: FunctionView };
}

/**
 * The layout of a project, in one place. Each unit is a template folder:
 *   base/common, base/<language>                     once per project
 *   shared/<name>/<language>                          once, when a trigger or resource uses it
 *   constructs/<name>/common                          once, when a trigger or resource uses it
 *   resources/<id>/common, resources/<id>/<language>  once per chosen resource
 *   triggers/<id>/common                              once per trigger type in use (its cdktf construct)
 *   triggers/<id>/function, triggers/<id>/<language>  once per function of that trigger
 * Inside per-function folders, `__fn__` and `__fn_snake__` in a path become the function's name.
 * Files ending `.hbs` are rendered; others are copied as they are. A path segment starting
 * `dot-` becomes a dotfile (`dot-gitignore`), because npm drops real dotfiles when publishing.
 */
export function planRender(spec: ProjectSpec, layers: TemplateLayers): RenderAction[] {
  const language = runtimeById(spec.runtime).language;
  const view = projectView(spec);
  const actions: RenderAction[] = [];
  const unit = (dir: string, data: RenderAction["data"]) => {
    for (const file of layers.list(dir)) {
      actions.push({ template: `${dir}/${file}`, target: targetPath(file, data.fn), data });
    }
  };

  unit("base/common", view);
  unit(`base/${language}`, view);
  // Code several triggers or resources share (the HTTP router, batch responses), once, when used.
  const shared = new Set([
    ...spec.functions.flatMap((f) => triggerById(f.trigger).sharedCode ?? []),
    ...spec.resources.flatMap((r) => resourceById(r.type).sharedCode ?? []),
  ]);
  // Idempotent announcements (queue sends, topic publishes), when some function makes them.
  if (view.idempotency) shared.add("idempotency");
  for (const name of [...shared].sort()) unit(`shared/${name}/${language}`, view);
  const blocks = new Set([
    ...spec.functions.flatMap((f) => triggerById(f.trigger).constructs ?? []),
    ...spec.resources.flatMap((r) => resourceById(r.type).constructs ?? []),
  ]);
  // The idempotency table (a SecureTable) when some function sends to the queue or publishes to the topic.
  if (view.idempotency) for (const block of ["idempotency", "table"] as const) blocks.add(block);
  for (const block of [...blocks].sort()) unit(`constructs/${block}/common`, view);
  // The construct class once per type in use; the client code only for the resource named after
  // its type, the one the shared items code calls (others are for the team's own code).
  for (const { id } of view.resourceTypes) unit(`resources/${id}/common`, view);
  for (const id of Object.keys(view.hasResource)) unit(`resources/${id}/${language}`, view);
  for (const trigger of new Set(spec.functions.map((f) => f.trigger))) unit(`triggers/${trigger}/common`, view);
  for (const fn of spec.functions) {
    const data = { ...view, fn: functionView(spec, fn) };
    unit(`triggers/${fn.trigger}/function`, data);
    unit(`triggers/${fn.trigger}/${language}`, data);
  }
  return actions;
}

/** Template folders whose top-level `.hbs` files are partials (`triggers/sqs/wire.hbs` is `triggers/sqs/wire`). */
export function partialDirs(layers: TemplateLayers): string[] {
  const dirs = ["base"];
  for (const kind of ["triggers", "resources"]) {
    for (const root of layers.roots) dirs.push(...listDirs(root, kind).map((d) => `${kind}/${d}`));
  }
  return [...new Set(dirs)];
}

function listDirs(root: string, kind: string): string[] {
  const base = path.join(root, kind);
  if (!existsSync(base)) return [];
  return readdirSync(base).filter((d) => statSync(path.join(base, d)).isDirectory());
}

function targetPath(file: string, fn?: FunctionView): string {
  let target = file.endsWith(".hbs") ? file.slice(0, -4) : file;
  if (fn) target = target.replaceAll("__fn_snake__", fn.snake).replaceAll("__fn__", fn.name);
  return target
    .split("/")
    .map((part) => (part.startsWith("dot-") ? "." + part.slice(4) : part))
    .join("/");
}
