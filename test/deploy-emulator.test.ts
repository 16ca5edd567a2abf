import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/emulator/emulator.js";
import { createBucket, deployFixture, lambdaform, s3, s3Object } from "./support/deploy.js";
import { removeTempDirs } from "./support/project.js";
import { setupTerraform } from "./support/terraform.js";

/**
 * Stages deployed for real, by `lambdaform deploy` running the project's own scripts/terraform.mjs,
 * to moto: the stack's resources and the S3 state backend (with Terraform's lock file) alike.
 * nodejs22.x because the provider on this machine (5.100.0) predates nodejs24.x.
 */
const terraform = setupTerraform();
let emulator: Emulator;
let dir: string;
let env: Record<string, string>;
const bucket = "acme-terraform-state";

const state = (file: string) => JSON.parse(readFileSync(path.join(dir, file), "utf8")) as { resources: { type: string; instances: { attributes: Record<string, unknown> }[] }[] };
const functionNames = (s: ReturnType<typeof state>) =>
  s.resources.filter((r) => r.type === "aws_lambda_function").map((r) => r.instances[0]!.attributes.function_name);

describe.skipIf(!terraform.available)("lambdaform deploy to an emulator", () => {
  beforeAll(async () => {
    let tfConfig: string;
    ({ emulator, dir, tfConfig } = await deployFixture());
    env = { ...process.env, TF_CLI_CONFIG_FILE: tfConfig, NO_COLOR: "1" } as Record<string, string>;
    await createBucket(emulator.endpoint, bucket);
  });
  afterAll(async () => {
    await emulator?.stop();
    removeTempDirs();
  });

  it("deploys two stages side by side, each with its own names and its own state (local, and S3 with a lock file)", async () => {
    const deploy = (stage: string, ...more: string[]) =>
      lambdaform(["deploy", dir, "--stage", stage, "--endpoint", emulator.endpoint, "--yes", "--json", ...more], { cwd: dir, env });
    // In parallel: each stage synthesizes into its own folder and has its own state.
    const [dev, prod] = await Promise.all([deploy("dev"), deploy("prod", "--state-bucket", bucket)]);
    expect(dev.exitCode, dev.all).toBe(0);
    expect(prod.exitCode, prod.all).toBe(0);
    expect(JSON.parse(dev.stdout).outputs.api_function_name).toBe("svc-dev-api");
    expect(JSON.parse(prod.stdout).outputs.api_function_name).toBe("svc-prod-api");
    expect(JSON.parse(dev.stdout).outputs.api_url).not.toBe(JSON.parse(prod.stdout).outputs.api_url);

    expect(functionNames(state("terraform.dev.tfstate"))).toEqual(["svc-dev-api"]);
    expect(existsSync(path.join(dir, "terraform.prod.tfstate"))).toBe(false);
    const remote = await s3Object(emulator.endpoint, bucket, "svc/prod/terraform.tfstate");
    expect(functionNames(JSON.parse(remote!))).toEqual(["svc-prod-api"]);
    // The lock file exists only while a run holds it.
    expect(await s3Object(emulator.endpoint, bucket, "svc/prod/terraform.tfstate.tflock")).toBeUndefined();
    // The flag was saved for the stage: its next deploy needs only --stage.
    expect(JSON.parse(readFileSync(path.join(dir, "lambdaform.json"), "utf8")).stages.prod).toEqual({ stateBucket: bucket });
  }, 400_000);

  it("moves a stage's local state to S3 with one command, then destroys that stage and leaves the other as it was", async () => {
    const run = (...args: string[]) => lambdaform([...args, dir, "--stage", "dev", "--endpoint", emulator.endpoint], { cwd: dir, env });
    // S3 named while the state is still local: refused, or the apply would create everything again.
    const stranded = await run("deploy", "--state-bucket", bucket, "--yes");
    expect(stranded.exitCode).toBe(2);
    expect(stranded.stderr).toContain("has local state (terraform.dev.tfstate) and --state-bucket acme-terraform-state: move it first");
    const move = await run("deploy", "--state-bucket", bucket, "--migrate-state");
    expect(move.exitCode, move.all).toBe(0);
    expect(functionNames(JSON.parse((await s3Object(emulator.endpoint, bucket, "svc/dev/terraform.tfstate"))!))).toEqual(["svc-dev-api"]);
    expect(existsSync(path.join(dir, "terraform.dev.tfstate"))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(dir, "lambdaform.json"), "utf8")).stages.dev).toEqual({ stateBucket: bucket });

    const destroy = await run("destroy", "--yes");
    expect(destroy.exitCode, destroy.all).toBe(0);
    expect(JSON.parse((await s3Object(emulator.endpoint, bucket, "svc/dev/terraform.tfstate"))!).resources).toEqual([]);
    // The default stage was never deployed: its state file does not exist.
    expect(existsSync(path.join(dir, "terraform.tfstate"))).toBe(false);
    // prod is still there: a plan, which reads every resource back from the emulator, has nothing
    // to create. (Not "no changes": moto does not keep a function's logging_config, so that one
    // attribute always differs.)
    const plan = await execa("node", ["scripts/terraform.mjs", "plan", "--stage", "prod", "--endpoint", emulator.endpoint], { cwd: dir, env, reject: false, all: true });
    expect(plan.exitCode, plan.all).toBe(0);
    expect(stripVTControlCharacters(plan.stdout)).toMatch(/Plan: 0 to add, \d+ to change, 0 to destroy\./);
  }, 200_000);
  it("refuses to run while another run holds the stage's S3 lock: exit 20, one line, the state untouched", async () => {
    const lock = { ID: "5b8c1c57", Operation: "OperationTypeApply", Who: "alice@laptop", Version: "1.11.4", Created: new Date().toISOString(), Path: `${bucket}/svc/prod/terraform.tfstate` };
    const lockKey = `${bucket}/svc/prod/terraform.tfstate.tflock`;
    expect((await s3(emulator.endpoint, "PUT", lockKey, JSON.stringify(lock))).ok).toBe(true);
    const before = await s3Object(emulator.endpoint, bucket, "svc/prod/terraform.tfstate");
    expect(before).toContain("svc-prod-api");
    const run = await lambdaform(["deploy", dir, "--stage", "prod", "--endpoint", emulator.endpoint, "--yes"], { cwd: dir, env });
    expect(run.exitCode, run.all).toBe(20);
    expect(run.stderr).toMatch(/terraform\.mjs: apply of stage prod failed: Error acquiring the state lock\. The state is intact/);
    expect(run.stderr).toContain("alice@laptop");
    expect(await s3Object(emulator.endpoint, bucket, "svc/prod/terraform.tfstate")).toBe(before);
    await s3(emulator.endpoint, "DELETE", lockKey);
  }, 200_000);


  it("a failed apply names the resource it stopped at and says the state is intact (exit 20)", async () => {
    // The log group the stage's function needs exists already, made outside Terraform.
    const created = await fetch(emulator.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "Logs_20140328.CreateLogGroup",
        authorization: "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=0",
      },
      body: JSON.stringify({ logGroupName: "/aws/lambda/svc-qa-api" }),
    });
    expect(created.ok).toBe(true);
    const run = await lambdaform(["deploy", dir, "--stage", "qa", "--endpoint", emulator.endpoint, "--yes"], { cwd: dir, env });
    expect(run.exitCode).toBe(20);
    const last = run.stderr.trim().split("\n").at(-1);
    expect(last).toMatch(/^terraform\.mjs: apply of stage qa failed at aws_cloudwatch_log_group\.api_logs_\w+: creating CloudWatch Logs Log Group \(\/aws\/lambda\/svc-qa-api\).*\. The state is intact: fix the cause and run it again$/);
    // What was created before the failure is recorded, so the next deploy carries on from there.
    expect(state("terraform.qa.tfstate").resources.length).toBeGreaterThan(0);
  }, 200_000);
});
