import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { mockProvider } from "../src/verify/terraform/mock-test.js";
import { relaxedConstraint } from "../src/verify/terraform/scratch.js";
import { recordingIo } from "./support/io.js";
import { everyTriggerAndResourceProjects, generateProject, removeTempDirs, tempDir } from "./support/project.js";
import { setupTerraform } from "./support/terraform.js";

/**
 * The HCL exit: `lambdaform synth --hcl` is readable Terraform that `terraform fmt -check` and
 * `terraform validate` accept for every trigger and resource, and `--out` ejects it into plain
 * Terraform files whose plan, against the state the cdktf project's apply left, is empty.
 */
const terraform = setupTerraform();
afterAll(removeTempDirs);

const projects = everyTriggerAndResourceProjects;

async function tf(cwd: string, args: string[]) {
  return execa("terraform", args, { cwd, reject: false, stdin: "ignore", env: { ...process.env, TF_IN_AUTOMATION: "1" } });
}

async function synth(dir: string, args: string[]) {
  const io = recordingIo();
  const code = await runCli("synth", [dir, ...args], { io, cwd: dir });
  expect(code, io.stderr.join("\n")).toBe(0);
  return io;
}

/**
 * This machine's provider mirror has aws 5.100.0 only, which predates nodejs24.x: the scratch
 * copies Terraform runs in allow it and use nodejs22.x, as verify's terraform step does.
 */
function fitMirror(file: string): void {
  const text = readFileSync(file, "utf8");
  writeFileSync(file, text.replaceAll('"6.25.0"', JSON.stringify(relaxedConstraint)).replaceAll("nodejs24.x", "nodejs22.x"));
}

/**
 * Mocked ARNs for what the stack references as ARNs: the mocked provider makes up random
 * strings, which the provider's own validation of role, layer and source ARNs refuses.
 */
function mockArns(types: string[]): string {
  const more: Record<string, string[]> = {
    aws_lambda_function: ["arn", "invoke_arn", "qualified_arn", "qualified_invoke_arn"],
    aws_lambda_alias: ["arn", "invoke_arn"],
    aws_lambda_layer_version: ["arn", "layer_arn"],
    aws_dynamodb_table: ["arn", "stream_arn"],
    aws_apigatewayv2_api: ["arn", "execution_arn"],
    aws_api_gateway_rest_api: ["arn", "execution_arn"],
    aws_api_gateway_stage: ["arn", "execution_arn"],
  };
  return types
    .map((type) => {
      const defaults = (more[type] ?? ["arn"]).map((a) => `      ${a} = "arn:aws:mock:us-east-1:123456789012:${type}/${a}"`).join("\n");
      return `  mock_resource "${type}" {\n    defaults = {\n${defaults}\n    }\n  }\n`;
    })
    .join("");
}

describe.runIf(terraform.available).each(projects)("synth --hcl %s", (_label, args) => {
  it("is readable, terraform fmt -check and validate clean, and ejects to files that plan no changes against the cdktf project's state", async () => {
    const dir = await generateProject("svc", args);
    const out = path.join(tempDir(), "terraform");
    const io = await synth(dir, ["--hcl", "--out", out]);
    expect(io.stderr.join("\n")).toMatch(/cdk\.tf: readable names \(\d+ moved blocks\), formatted/);

    const main = readFileSync(path.join(out, "main.tf"), "utf8");
    const headers = [...main.matchAll(/^(?:resource|data) "[a-z0-9_]+" "([^"]+)" \{$/gm)].map((m) => m[1]!);
    expect(headers.length).toBeGreaterThan(50);
    expect(headers.filter((name) => /_[0-9A-F]{8}$/.test(name) || name.includes("-"))).toEqual([]);
    expect(main).toContain('source  = "hashicorp/aws"');
    expect(main).toMatch(/^  role\s+= aws_iam_role\.\w+\.arn$/m);
    expect(main).not.toMatch(/depends_on = \[\n\s+"/);
    expect(main).toContain('path = "../');
    // In the project, the same Terraform (only the state path differs).
    const cdkTf = readFileSync(path.join(dir, "cdktf.out/stacks/svc/cdk.tf"), "utf8");
    expect(cdkTf.replace(/path = "[^"]*"/, "")).toBe(main.replace(/path = "[^"]*"/, ""));

    expect((await tf(out, ["fmt", "-check", "-recursive", "-diff"])).stdout).toBe("");
    // validate and the eject's plan, in a copy fitted to this machine's provider.
    const scratch = path.join(tempDir(), "eject");
    cpSync(out, scratch, { recursive: true });
    fitMirror(path.join(scratch, "main.tf"));
    // The cdktf project's stack, applied with a mocked provider; then the ejected files planned on its state.
    await synth(dir, []);
    const json = path.join(dir, "cdktf.out/stacks/svc");
    cpSync(json, path.join(scratch, "cdktf"), { recursive: true, filter: (source) => !source.endsWith(".tf") });
    fitMirror(path.join(scratch, "cdktf/cdk.tf.json"));
    const stack = JSON.parse(readFileSync(path.join(scratch, "cdktf/cdk.tf.json"), "utf8"));
    const provider = mockProvider(stack, "us-east-1").replace(/^mock_provider "aws" \{\n/, (head) => head + mockArns(Object.keys(stack.resource)));
    writeFileSync(
      path.join(scratch, "eject.tftest.hcl"),
      `${provider}\nrun "cdktf" {\n  state_key = "service"\n  module {\n    source = "./cdktf"\n  }\n}\n\nrun "ejected" {\n  state_key = "service"\n  command   = plan\n}\n`,
    );
    const init = await tf(scratch, ["init", "-backend=false", "-input=false", "-no-color"]);
    expect(init.exitCode, init.stderr).toBe(0);
    const validate = JSON.parse((await tf(scratch, ["validate", "-json", "-no-color", "-no-tests"])).stdout);
    expect(validate.diagnostics, JSON.stringify(validate.diagnostics, null, 2)).toEqual([]);

    const test = await tf(scratch, ["test", "-verbose", "-no-color"]);
    expect(test.exitCode, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toContain('run "ejected"... pass');
    const moves = [...test.stdout.matchAll(/^ {2}# (\S+) has moved to (\S+)$/gm)];
    expect(moves.length).toBeGreaterThan(50);
    expect(test.stdout).toMatch(/Plan: 0 to add, 0 to change, 0 to destroy\.|No changes\./);
    expect(readdirSync(out).sort()).toEqual(["assets", "main.tf"]);
  }, 600_000);
});
