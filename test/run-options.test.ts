import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeFailure } from "../src/cli/failure.js";
import { ExitCode, LambdaformError } from "../src/errors.js";
import { Progress } from "../src/verify/progress.js";
import { providerHint, requireTerraform, resolvePluginDir } from "../src/verify/terraform/settings.js";
import type { VerifyReport } from "../src/verify/types.js";
import { recordingIo } from "./support/io.js";

/** The run options that decide whether a result can be trusted, and the words a skipped check is reported in. */

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), "lf-options-"));
const terraformError = "Failed to query available provider packages: could not connect to registry.terraform.io";

describe("--plugin-dir", () => {
  it("is resolved against the current folder and must be a folder", () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, "plugins"));
    writeFileSync(path.join(cwd, "file"), "");
    expect(resolvePluginDir(cwd, "plugins")).toBe(path.join(cwd, "plugins"));
    expect(resolvePluginDir(cwd, undefined)).toBeUndefined();
    expect(() => resolvePluginDir(cwd, "nope")).toThrow(expect.objectContaining({ exitCode: ExitCode.invalidValue }));
    expect(() => resolvePluginDir(cwd, "file")).toThrow(`--plugin-dir ${path.join(cwd, "file")} is not a folder`);
  });
});

describe("--require-terraform and LAMBDAFORM_REQUIRE_TERRAFORM", () => {
  it.each([
    [false, {}, false],
    [true, {}, true],
    [false, { LAMBDAFORM_REQUIRE_TERRAFORM: "1" }, true],
    [false, { LAMBDAFORM_REQUIRE_TERRAFORM: "true" }, true],
    [false, { LAMBDAFORM_REQUIRE_TERRAFORM: "0" }, false],
    [false, { LAMBDAFORM_REQUIRE_TERRAFORM: "" }, false],
    [true, { LAMBDAFORM_REQUIRE_TERRAFORM: "0" }, true],
  ])("flag %s with %j: %s", (flag, env, expected) => {
    expect(requireTerraform(flag, env)).toBe(expected);
  });

  it("refuses a value it cannot read", () => {
    expect(() => requireTerraform(false, { LAMBDAFORM_REQUIRE_TERRAFORM: "yes please" })).toThrow(expect.objectContaining({ exitCode: ExitCode.invalidValue }));
  });
});

describe("why Terraform found no provider", () => {
  it("names a TF_CLI_CONFIG_FILE that does not exist, and what to write there", () => {
    const home = tempDir();
    const config = path.join(home, "missing.tfrc");
    expect(providerHint(undefined, terraformError, { TF_CLI_CONFIG_FILE: config }, home)).toBe(
      `TF_CLI_CONFIG_FILE names ${config}, which does not exist: write a CLI config with a filesystem_mirror (see README "Terraform checks") or pass --plugin-dir`,
    );
  });

  it("says when there is no CLI config at all", () => {
    const home = tempDir();
    expect(providerHint(undefined, terraformError, {}, home)).toBe(
      `Terraform has no CLI config (TF_CLI_CONFIG_FILE is not set and ${path.join(home, ".terraformrc")} does not exist) to find the aws provider offline: ` +
        'write a CLI config with a filesystem_mirror (see README "Terraform checks") or pass --plugin-dir',
    );
  });

  it("names the config that exists but holds no aws provider, with Terraform's own error", () => {
    const home = tempDir();
    writeFileSync(path.join(home, ".terraformrc"), "");
    const hint = providerHint(undefined, terraformError, {}, home);
    expect(hint).toContain(terraformError);
    expect(hint).toContain(`the CLI config ${path.join(home, ".terraformrc")} gives Terraform no aws provider it can install offline`);
  });

  it("names a --plugin-dir without the provider and the layout Terraform expects", () => {
    expect(providerHint("/plugins", terraformError, {}, tempDir())).toMatch(
      /^--plugin-dir \/plugins holds no usable aws provider \(Terraform looks for registry\.terraform\.io\/hashicorp\/aws\/<version>\/<os>_<arch>\/ in it\): /,
    );
  });
});

describe("the last line of a run", () => {
  const report = (status: "passed" | "skipped"): VerifyReport => ({
    project: "/p",
    ok: true,
    steps: [{ id: "install", status, durationMs: 1200, detail: "" }],
    versions: {},
    rules: [],
    durationMs: 1234,
  });

  it("after create --no-verify says nothing was checked, never `verify passed`", () => {
    const io = recordingIo();
    new Progress(io).summary(report("passed"), 0, true);
    expect(io.stderr).toEqual(["installed in 1.2 s; nothing checked (--no-verify)"]);
  });

  it("after a verify that skipped steps says which", () => {
    const io = recordingIo();
    new Progress(io).summary(report("skipped"), 0);
    expect(io.stderr).toEqual(["verify passed in 1.2 s (skipped: install)"]);
  });
});

describe("a failure lambdaform did not foresee", () => {
  it("is one line without a stack, and LAMBDAFORM_DEBUG=1 adds the stack", () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'length')\n    at somewhere");
    expect(describeFailure(error, {})).toEqual({
      message: "internal error: Cannot read properties of undefined (reading 'length') (a bug: please report it; LAMBDAFORM_DEBUG=1 shows where it happened)",
      exitCode: ExitCode.internal,
      stack: undefined,
    });
    const debug = describeFailure(error, { LAMBDAFORM_DEBUG: "1" });
    expect(debug.message).toBe("internal error: Cannot read properties of undefined (reading 'length')");
    expect(debug.stack).toBe(error.stack);
  });

  it("keeps our own errors as they are", () => {
    expect(describeFailure(new LambdaformError("cannotWrite", "cannot write x"), {})).toEqual({ message: "cannot write x", exitCode: ExitCode.cannotWrite });
  });
});
