import path from "node:path";
import type { OptionDef } from "../catalog/option.js";
import { triggers } from "../catalog/triggers/index.js";
import { parseFlags } from "../cli/args.js";
import { usageError } from "../errors.js";
import type { RunFlags } from "./update-project.js";

/** Flags of `add`, `remove` and `list`: the run flags create has, plus what says where and what. */
export interface GrowFlags extends RunFlags {
  positionals: string[];
  dir: string;
  help: boolean;
  trigger?: string;
  name?: string;
  functions: string[];
  uses: string[];
  /** Trigger options by flag, as create's parser keeps them (checked when answers are resolved). */
  values: Map<string, string | boolean>;
}

/** The flags every command that changes a project takes (`add`, `remove`, `migrate`). */
export const runFlagOptions = {
  dir: { type: "string" },
  yes: { type: "boolean", short: "y" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  "no-install": { type: "boolean" },
  "no-verify": { type: "boolean" },
  "plugin-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const triggerFlags = (): Map<string, OptionDef> => new Map(triggers.flatMap((t) => t.options.map((d) => [d.flag, d] as const)));

export function parseGrowFlags(argv: readonly string[], cwd: string): GrowFlags {
  const catalog = triggerFlags();
  const options = {
    ...runFlagOptions,
    trigger: { type: "string" },
    name: { type: "string" },
    function: { type: "string", multiple: true },
    uses: { type: "string", multiple: true },
    ...Object.fromEntries([...catalog.entries()].map(([flag, def]) => [flag, { type: def.type === "boolean" ? "boolean" : "string" }])),
  } as const;
  const parsed = parseFlags({ args: [...argv], options: options as never, allowPositionals: true, strict: true });
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const values = new Map<string, string | boolean>();
  for (const flag of catalog.keys()) if (v[flag] !== undefined) values.set(flag, v[flag] as string | boolean);
  return {
    positionals: parsed.positionals,
    dir: path.resolve(cwd, (v.dir as string | undefined) ?? "."),
    help: Boolean(v.help),
    trigger: v.trigger as string | undefined,
    name: v.name as string | undefined,
    functions: (v.function as string[] | undefined) ?? [],
    uses: (v.uses as string[] | undefined) ?? [],
    values,
    ...runFlags(v),
  };
}

/** The run flags of parsed `runFlagOptions`. */
export function runFlags(v: Record<string, unknown>): RunFlags {
  return {
    yes: Boolean(v.yes),
    dryRun: Boolean(v["dry-run"]),
    json: Boolean(v.json),
    install: !v["no-install"],
    verify: !v["no-verify"],
    pluginDir: v["plugin-dir"] as string | undefined,
  };
}

/** `[dir]` as the last positional, or `--dir`, not both. */
export function takeDir(flags: GrowFlags, positionals: string[], expected: number, cwd: string): void {
  if (positionals.length > expected + 1) throw usageError(`unexpected ${positionals.slice(expected + 1).join(" ")}`);
  if (positionals.length === expected + 1) {
    if (flags.dir !== path.resolve(cwd, ".")) throw usageError("give the project folder once: as [dir] or as --dir");
    flags.dir = path.resolve(cwd, positionals[expected]!);
  }
}
