import type { OptionDef } from "../catalog/option.js";
import { resources } from "../catalog/resource.js";
import { runtimes } from "../catalog/runtimes.js";
import { functionOptions, projectOptions } from "../catalog/settings.js";
import { triggers } from "../catalog/triggers/index.js";

function line(def: OptionDef): string {
  const value = def.type === "boolean" ? "" : def.type === "choice" ? ` <${def.choices!.join("|")}>` : " <value>";
  const fallback = def.default === undefined || def.default === "" ? "" : ` (default: ${String(def.default)})`;
  return `  --${def.flag}${value}`.padEnd(44) + def.describe + fallback;
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
    `  --trigger <id>`.padEnd(44) + "repeatable; one function each (default with --yes: http-api)",
    ...triggers.map((t) => `      ${t.id.padEnd(18)}${t.title}`),
    `  --resource <id>`.padEnd(44) + "repeatable",
    ...resources.map((r) => `      ${r.id.padEnd(18)}${r.title}`),
    "",
    "Function settings:",
    ...Object.values(functionOptions).map(line),
    `  --no-tracing`.padEnd(44) + "turn X-Ray tracing off",
    `  --env KEY=VALUE`.padEnd(44) + "repeatable; secrets belong in --resource secret",
    "",
    "Trigger options:",
    ...triggers.flatMap((t) => t.options.map((o) => line(o) + `  [${t.id}]`)),
    "",
    "Run:",
    `  --yes, -y`.padEnd(44) + "take defaults for everything not given; never prompt",
    `  --dry-run`.padEnd(44) + "print the files it would write; write nothing",
    `  --no-install`.padEnd(44) + "skip npm install (and the steps that need it)",
    `  --no-verify`.padEnd(44) + "skip typecheck, tests, package, synth and checks",
    `  --plugin-dir <dir>`.padEnd(44) + "Terraform providers for the offline terraform checks",
    `  --template-pack <dir>`.padEnd(44) + "repeatable; an org's templates layered over ours",
    `  --json`.padEnd(44) + "print a machine-readable summary on stdout",
    "",
    `Runtimes: ${runtimes.map((r) => r.id).join(", ")}`,
  ].join("\n");
}
