import type { OptionDef } from "../catalog/option.js";
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
    row(`  --trigger <id>`, "repeatable; one function each (default with --yes: http-api)"),
    ...triggers.map((t) => `      ${t.id.padEnd(18)}${t.title}`),
    row(`  --resource <id>`, "repeatable"),
    ...resources.map((r) => `      ${r.id.padEnd(18)}${r.title}`),
    "",
    "Function settings:",
    ...Object.values(functionOptions).map(line),
    row(`  --no-tracing`, "turn X-Ray tracing off"),
    row(`  --env KEY=VALUE`, "repeatable; secrets belong in --resource secret"),
    "",
    "Trigger options:",
    ...triggers.flatMap((t) => t.options.map((o) => line(o) + `  [${t.id}]`)),
    "",
    "Run:",
    row(`  --yes, -y`, "take defaults for everything not given; never prompt"),
    row(`  --dry-run`, "print the files it would write; write nothing"),
    row(`  --no-install`, "skip npm install (and the steps that need it)"),
    row(`  --no-verify`, "skip typecheck, tests, package, synth and checks"),
    row(`  --plugin-dir <dir>`, "Terraform providers for the offline terraform checks"),
    row(`  --template-pack <dir>`, "repeatable; an org's templates layered over ours"),
    row(`  --json`, "print a machine-readable summary on stdout"),
    "",
    `Runtimes: ${runtimes.map((r) => r.id).join(", ")}`,
  ].join("\n");
}
