import type { OptionDef } from "../catalog/option.js";
import { toolFlags } from "../cli/create-flags.js";
import { resources } from "../catalog/resource.js";
import { runtimes } from "../catalog/runtimes.js";
import { functionOptions, projectOptions } from "../catalog/settings.js";
import { triggers } from "../catalog/triggers/index.js";

const column = 36;

/** One flag per line, the description in a column; a long flag pushes it to the next line. */
function row(left: string, text: string): string {
  return left.length < column - 1 ? left.padEnd(column) + text : `${left}\n${" ".repeat(column)}${text}`;
}

function line(def: OptionDef): string {
  const value = def.type === "boolean" ? "" : def.type === "choice" ? ` <${def.choices!.join("|")}>` : def.type === "integer" ? " <n>" : " <text>";
  const range = def.min !== undefined && def.max !== undefined ? `, ${def.min}-${def.max}` : "";
  const fallback = def.default === undefined || def.default === "" ? "" : ` (default: ${String(def.default)})`;
  return row(`  --${def.flag}${value}`, def.describe + range + fallback);
}

function tool(flag: string): string {
  const { value, short, describe } = toolFlags[flag]!;
  return row(`  --${flag}${value ? ` ${value}` : ""}${short ? `, -${short}` : ""}`, describe);
}

/** `--help`, generated from the catalog so it cannot drift from what the parser accepts. */
export function createHelp(): string {
  return [
    "Usage: create-lambdaform [dir] [flags]     (also: lambdaform create [dir] [flags])",
    "",
    "Creates an AWS Lambda project deployed with Terraform through CDK for Terraform,",
    "then installs, type-checks, tests, packages, synthesizes and checks it.",
    "",
    "Project:",
    line(projectOptions.name),
    line(projectOptions.runtime),
    line(projectOptions.region),
    line(projectOptions.engine),
    tool("trigger"),
    ...triggers.map((t) => `      ${t.id.padEnd(18)}${t.title}`),
    tool("resource"),
    ...resources.map((r) => `      ${r.id.padEnd(18)}${r.title}`),
    "",
    "Function settings:",
    ...Object.values(functionOptions).map(line),
    tool("no-tracing"),
    tool("env"),
    "",
    "Trigger options:",
    ...triggers.flatMap((t) => t.options.map((o) => line(o) + `  [${t.id}]`)),
    "",
    "Run:",
    ...Object.keys(toolFlags).filter((flag) => toolFlags[flag]!.section === "run").map(tool),
    "",
    `Runtimes: ${runtimes.map((r) => r.id).join(", ")}`,
  ].join("\n");
}
