import { parseArgs } from "node:util";
import type { OptionDef } from "../catalog/option.js";
import { functionOptions, projectOptions } from "../catalog/settings.js";
import { triggers } from "../catalog/triggers/index.js";
import { usageError } from "../errors.js";

/** Every catalog option that becomes a `--flag`, keyed by flag name. */
export function catalogFlags(): Map<string, OptionDef> {
  const defs = new Map<string, OptionDef>();
  const add = (def: OptionDef) => {
    const seen = defs.get(def.flag);
    if (seen && seen !== def) throw new Error(`two catalog options claim --${def.flag}`);
    defs.set(def.flag, def);
  };
  Object.values(projectOptions).forEach(add);
  Object.values(functionOptions).forEach(add);
  triggers.forEach((t) => t.options.forEach(add));
  return defs;
}

export interface CreateFlags {
  dir?: string;
  /** Raw catalog option values by flag name; parsed and checked when answers are resolved. */
  values: Map<string, string | boolean>;
  triggers: string[];
  resources: string[];
  env: string[];
  yes: boolean;
  dryRun: boolean;
  install: boolean;
  verify: boolean;
  json: boolean;
  help: boolean;
  pluginDir?: string;
  templatePacks: string[];
}

const toolFlags = {
  trigger: { type: "string", multiple: true },
  resource: { type: "string", multiple: true },
  env: { type: "string", multiple: true },
  yes: { type: "boolean", short: "y" },
  "dry-run": { type: "boolean" },
  "no-install": { type: "boolean" },
  "no-verify": { type: "boolean" },
  "no-tracing": { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  "plugin-dir": { type: "string" },
  "template-pack": { type: "string", multiple: true },
} as const;

export function parseCreateFlags(argv: readonly string[]): CreateFlags {
  const catalog = catalogFlags();
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = { ...toolFlags };
  for (const [flag, def] of catalog) options[flag] = { type: def.type === "boolean" ? "boolean" : "string" };

  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(firstLine(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw usageError(`expected one target folder, got ${positionals.join(" ")}`);
  if (values.tracing && values["no-tracing"]) throw usageError("--tracing and --no-tracing conflict");

  const raw = new Map<string, string | boolean>();
  for (const flag of catalog.keys()) {
    const value = values[flag];
    if (value !== undefined) raw.set(flag, value as string | boolean);
  }
  if (values["no-tracing"]) raw.set("tracing", false);

  return {
    dir: positionals[0],
    values: raw,
    triggers: (values.trigger as string[] | undefined) ?? [],
    resources: (values.resource as string[] | undefined) ?? [],
    env: (values.env as string[] | undefined) ?? [],
    yes: Boolean(values.yes),
    dryRun: Boolean(values["dry-run"]),
    install: !values["no-install"],
    verify: !values["no-verify"],
    json: Boolean(values.json),
    help: Boolean(values.help),
    pluginDir: values["plugin-dir"] as string | undefined,
    templatePacks: (values["template-pack"] as string[] | undefined) ?? [],
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]!.replace(/^TypeError \[[A-Z_]+\]: /, "");
}
