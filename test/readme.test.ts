import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { catalogFlags, toolFlags } from "../src/cli/create-flags.js";
import { ExitCode } from "../src/errors.js";
import { packageRoot } from "../src/paths.js";
import { stepExitCode } from "../src/verify/exit-codes.js";
import { providerHint } from "../src/verify/terraform/settings.js";
import { stepIds } from "../src/verify/types.js";

const readme = readFileSync(path.join(packageRoot, "README.md"), "utf8");

/** The README's tables are what a newcomer trusts; they must say what the code does. */
describe("README", () => {
  it("lists every flag create accepts", () => {
    const flags = [...catalogFlags().keys(), ...Object.keys(toolFlags)];
    for (const flag of flags) expect(readme, `--${flag}`).toContain(`--${flag}`);
  });

  it("documents every exit code, and no other", () => {
    const documented = [...readme.matchAll(/^\| (\d+)(?:–(\d+))? \| /gm)].flatMap(([, from, to]) => {
      const start = Number(from);
      return to ? Array.from({ length: Number(to) - start + 1 }, (_, i) => start + i) : [start];
    });
    const actual = [...Object.values(ExitCode), ...stepIds.map(stepExitCode)];
    expect(new Set(documented)).toEqual(new Set(actual));
  });
});

describe("README instructions a newcomer follows", () => {
  it("shows a Terraform CLI config under the heading the terraform step's hint names", () => {
    expect(providerHint(undefined, "", { TF_CLI_CONFIG_FILE: "/nowhere/terraformrc" })).toContain('(see README "Terraform checks")');
    const section = readme.split(/^## /m).find((part) => part.startsWith("Terraform checks\n"));
    expect(section, "a ## Terraform checks section").toBeDefined();
    expect(/```hcl\n([\s\S]*?)```/.exec(section!)?.[1]).toMatch(/^provider_installation \{\n {2}filesystem_mirror \{\n {4}path = "[^"]+"\n {2}\}\n\}\n$/);
  });

  it("offers `npm run test:fast`, and the vitest project it runs exists", () => {
    const scripts = JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8")).scripts;
    expect(readme).toContain("npm run test:fast");
    const project = /--project (\S+)/.exec(scripts["test:fast"])?.[1];
    const config = readFileSync(path.join(packageRoot, "vitest.config.ts"), "utf8");
    expect(config).toContain(`name: "${project}"`);
  });

  it("says how to install lambdaform from a clone", () => {
    expect(readme).toContain("npm install && npm run build && npm install -g .");
  });
});
