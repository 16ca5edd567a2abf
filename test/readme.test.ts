import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { catalogFlags, toolFlags } from "../src/cli/create-flags.js";
import { ExitCode } from "../src/errors.js";
import { packageRoot } from "../src/paths.js";
import { stepExitCode } from "../src/verify/exit-codes.js";
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
