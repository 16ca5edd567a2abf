import type { OptionDef } from "../catalog/option.js";
import { functionOptions, projectOptions } from "../catalog/settings.js";
import { triggers } from "../catalog/triggers/index.js";
import { usageError } from "../errors.js";
import { parseFlags } from "./args.js";

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
  /** Fail, rather than skip, when the Terraform check cannot run (also LAMBDAFORM_REQUIRE_TERRAFORM=1). */
  requireTerraform: boolean;
}

interface ToolFlag {
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
  /** Shown in --help after the flag, e.g. `<dir>`. */
  value?: string;
  describe: string;
  /** The --help section it is listed in. */
  section: "project" | "settings" | "run";
}

/** Flags that are not catalog settings: what to create and how to run. --help lists them from here. */
export const toolFlags: Record<string, ToolFlag> = {
  trigger: { type: "string", multiple: true, value: "<id>", section: "project", describe: "repeatable; one function each (default with --yes: http-api)" },
  resource: { type: "string", multiple: true, value: "<id>", section: "project", describe: "repeatable" },
  env: { type: "string", multiple: true, value: "KEY=VALUE", section: "settings", describe: "repeatable; plain configuration, secrets belong in --resource secret" },
  "no-tracing": { type: "boolean", section: "settings", describe: "turn X-Ray tracing off" },
  yes: { type: "boolean", short: "y", section: "run", describe: "take defaults for everything not given; never prompt or ask to confirm" },
  "dry-run": { type: "boolean", section: "run", describe: "print the files it would write; write nothing" },
  "no-install": { type: "boolean", section: "run", describe: "skip npm install, and so every check (they need the dependencies)" },
  "no-verify": { type: "boolean", section: "run", describe: "install, but skip typecheck, tests, package, synth, check and terraform" },
  "plugin-dir": { type: "string", value: "<dir>", section: "run", describe: "Terraform providers for the offline terraform checks" },
  "require-terraform": { type: "boolean", section: "run", describe: "fail (exit 17) when the terraform check cannot run, instead of skipping it" },
  "template-pack": {
    type: "string",
    multiple: true,
    value: "<dir|npm package>",
    section: "run",
    describe: "repeatable; an org's templates, defaults, locks and rules; its questions take --pack-<name> <value>",
  },
  // Taken out of argv before parsing (src/packs/create-packs.ts); listed here for --help and the README check.
  "no-template-pack": { type: "boolean", section: "run", describe: "ignore the default pack a .lambdaformrc.json or package.json names" },
  json: { type: "boolean", section: "run", describe: "print a machine-readable summary on stdout" },
  help: { type: "boolean", short: "h", section: "run", describe: "print this help" },
};

/**
 * `--memory -5` is a value out of range, but parseArgs reads any argument starting with `-` as
 * a possible flag and calls it ambiguous. A negative number after a flag that takes a value is
 * that flag's value: written `--memory=-5`, it reaches the range check and its exit code.
 */
function attachNegativeNumbers(argv: readonly string[], options: Record<string, { type: "string" | "boolean" }>): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      args.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    const takesValue = arg.startsWith("--") && options[arg.slice(2)]?.type === "string";
    if (takesValue && next !== undefined && /^-\d/.test(next)) {
      args.push(`${arg}=${next}`);
      i++;
    } else {
      args.push(arg);
    }
  }
  return args;
}

export function parseCreateFlags(argv: readonly string[]): CreateFlags {
  const catalog = catalogFlags();
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }> = {};
  for (const [flag, { type, multiple, short }] of Object.entries(toolFlags)) {
    options[flag] = { type, ...(multiple ? { multiple } : {}), ...(short ? { short } : {}) };
  }
  for (const [flag, def] of catalog) options[flag] = { type: def.type === "boolean" ? "boolean" : "string" };

  const { values, positionals, tokens } = parseFlags({ args: attachNegativeNumbers(argv, options), options, allowPositionals: true, strict: true, tokens: true });
  // parseArgs keeps the last of a repeated flag; a user who typed two values meant one of them.
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== "option" || options[token.name]?.multiple) continue;
    if (seen.has(token.name)) throw usageError(`--${token.name} is given twice`);
    seen.add(token.name);
  }
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
    requireTerraform: Boolean(values["require-terraform"]),
  };
}
