import { readFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { diffSyntheses, formatDifferences, unexplained } from "../src/project/synth-diff.js";
import type { VerifyReport } from "../src/verify/types.js";
import { envFor, lambdaformOn, useNode } from "./support/node-binary.js";
import { everyTriggerAndResourceProjects, generateProject, removeTempDirs } from "./support/project.js";
import { setupTerraform } from "./support/terraform.js";

/**
 * The cdktn engine end to end: its projects verify on Node 22 (every step green, as
 * test/matrix.test.ts asks of cdktf on this Node), and they synthesize the same Terraform as
 * cdktf projects of the same answers, apart from the differences src/catalog/engines.ts lists.
 */
const terraform = setupTerraform();
const node22 = useNode(22);
afterAll(removeTempDirs);

const projects = everyTriggerAndResourceProjects;

async function synthesize(dir: string, node: string): Promise<unknown> {
  for (const script of ["scripts/package.mjs", "scripts/synth.mjs"]) await execa(node, [script], { cwd: dir, env: envFor(node), stdin: "ignore" });
  return JSON.parse(readFileSync(path.join(dir, "cdktf.out/stacks/svc/cdk.tf.json"), "utf8"));
}

describe.each(projects)("create --engine cdktn %s", (_label, args) => {
  it("verifies on Node 22: every step green", async () => {
    const dir = await generateProject("svc", [...args, "--engine", "cdktn"]);
    const result = await lambdaformOn(node22(), ["verify", dir, "--no-install", "--json"], dir);
    const report = JSON.parse(result.stdout) as VerifyReport;
    const summary = report.steps.map((s) => `${s.id} ${s.status}: ${s.detail}\n${s.output ?? ""}`).join("\n");
    expect(result.exitCode, summary + result.stderr).toBe(0);
    const expected = { install: "skipped", typecheck: "passed", test: "passed", package: "passed", synth: "passed", check: "passed", terraform: terraform.available ? "passed" : "skipped" };
    expect(Object.fromEntries(report.steps.map((s) => [s.id, s.status])), summary).toMatchObject(expected);
    expect(report.steps.filter((s) => s.status === "failed"), summary).toEqual([]);
    expect(report.rules.filter((r) => r.status === "failed"), summary).toEqual([]);
  }, 300_000);

  it("synthesizes the Terraform cdktf does, apart from the documented engine differences", async () => {
    const cdktf = await synthesize(await generateProject("svc", args), process.execPath);
    const cdktn = await synthesize(await generateProject("svc", [...args, "--engine", "cdktn"]), node22());
    const differences = diffSyntheses(cdktf, cdktn);
    expect(formatDifferences(unexplained(differences))).toEqual([]);
    const expected = ["//.metadata.version", "terraform.required_providers.aws.source", "terraform.required_providers.aws.version"];
    if (args.includes("NONE")) expected.splice(1, 0, expect.stringMatching(/^resource\.aws_lambda_permission\.url-function-url_public-invoke_\w+\.invoked_via_function_url$/));
    expect(differences.map((d) => d.path)).toEqual(expected);
    expect(differences.find((d) => d.path.endsWith("aws.version"))).toMatchObject({ before: "6.25.0", after: "6.66.0" });
  }, 300_000);
});
