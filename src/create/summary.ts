import path from "node:path";
import type { OptionDef, OptionValue } from "../catalog/option.js";
import { resourceById } from "../catalog/resource.js";
import { runtimeById } from "../catalog/runtimes.js";
import { functionOptions } from "../catalog/settings.js";
import { triggerById } from "../catalog/triggers/index.js";
import type { Paint } from "../cli/colour.js";
import type { ProjectSpec } from "../project/spec.js";

/** What the summary needs besides the spec: where it goes and what happens after the write. */
export interface SummaryContext {
  target: string;
  cwd: string;
  files: number;
  install: boolean;
  verify: boolean;
}

/**
 * The answers and what they will create, shown before anything is written so a person can
 * check them at a glance. Labels are the catalog's own descriptions (the prompts' words).
 */
export function answerSummary(spec: ProjectSpec, ctx: SummaryContext, p: Paint): string[] {
  const folder = path.relative(ctx.cwd, ctx.target) || ".";
  const runtime = runtimeById(spec.runtime);
  const row = (label: string, text: string) => `  ${p.dim(label.padEnd(11))}${text}`;
  const lines = [
    p.bold(`Create ${p.cyan(spec.name)} in ${folder} (${ctx.files} files):`),
    row("runtime", `${runtime.id} (${runtime.label}), region ${spec.region}`),
  ];
  for (const fn of spec.functions) {
    const trigger = triggerById(fn.trigger);
    const options = trigger.options.filter((def) => fn.options[def.key] !== undefined && fn.options[def.key] !== "");
    const details = options.map((def) => setting(def, fn.options[def.key]!)).join(", ");
    lines.push(row("function", `${p.cyan(fn.name)}: ${trigger.title}${details ? `; ${details}` : ""}`));
  }
  for (const resource of spec.resources as readonly unknown[]) lines.push(row("resource", describeResource(resource, p)));
  const settings = (Object.values(functionOptions) as OptionDef[]).filter((def) => spec.settings[def.key as keyof typeof spec.settings] !== undefined);
  lines.push(row("settings", settings.map((def) => setting(def, spec.settings[def.key as keyof typeof spec.settings] as OptionValue)).join(", ")));
  const env = Object.keys(spec.settings.env);
  if (env.length > 0) lines.push(row("env", env.join(", ")));
  lines.push(row("then", afterWrite(ctx)));
  return lines;
}

/**
 * "Memory (MB): 512", "X-Ray tracing: off": the catalog's words, keeping a one-word unit in
 * parentheses but not a longer hint meant for the prompt ("(none unless given)").
 */
function setting(def: OptionDef, value: OptionValue): string {
  const label = def.describe.replace(/ \([^)]* [^)]*\)$/, "");
  const shown = typeof value === "boolean" ? (value ? "on" : "off") : String(value);
  return `${label}: ${shown}`;
}

/** A resource as the spec records it: an id today, an instance with a name and its functions once `add` lands. */
function describeResource(resource: unknown, p: Paint): string {
  if (typeof resource === "string") return resourceById(resource).title;
  const { type, name, functions } = resource as { type: string; name?: string; functions?: string[] };
  const used = functions?.length ? ` (used by ${functions.join(", ")})` : "";
  return `${p.cyan(name ?? type)}: ${resourceById(type).title}${used}`;
}

function afterWrite(ctx: SummaryContext): string {
  if (!ctx.install) return "write the files only (--no-install: no install, no checks)";
  if (!ctx.verify) return "write the files and npm install (--no-verify: no checks)";
  return "write the files, npm install, then verify: typecheck, tests, package, synth, check, terraform";
}
