import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkStack, type ExpectedFunction } from "../src/verify/stack/structure.js";
import { pytestCounts, vitestCounts } from "../src/verify/steps/test.js";
import { initKey } from "../src/verify/terraform/init-cache.js";
import { knownGaps, runtimeSubstitutions } from "../src/verify/terraform/runtime-fallback.js";
import { firstError, isProviderInstallError } from "../src/verify/terraform/scratch.js";
import { generateProject, removeTempDirs, tempDir } from "./support/project.js";

let stackDir: string;
let pristine: string;
const api: ExpectedFunction = { awsName: "check-svc-api", trigger: "http-api" };

/** A fresh copy of the real synthesized stack, to break in one place. */
const stack = (): any => JSON.parse(pristine);
const only = (s: any, type: string): [string, any] => Object.entries(s.resource[type])[0] as [string, any];

beforeAll(async () => {
  const dir = await generateProject("check-svc");
  await execa(process.execPath, ["scripts/package.mjs"], { cwd: dir });
  await execa(process.execPath, ["scripts/synth.mjs"], { cwd: dir });
  stackDir = path.join(dir, "cdktf.out/stacks/check-svc");
  pristine = readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8");
});
afterAll(removeTempDirs);

describe("the check step's structural checks, on a real synthesized stack", () => {
  it("finds nothing wrong with the generated stack", () => {
    expect(checkStack(stack(), stackDir, [api])).toEqual([]);
  });

  it("notices a removed permission", () => {
    const s = stack();
    delete s.resource.aws_lambda_permission;
    expect(checkStack(s, stackDir, [api])).toEqual([
      "function check-svc-api: trigger http-api needs an aws_lambda_permission that points at it; none does",
    ]);
  });

  it("notices a permission for a function the stack does not define", () => {
    const s = stack();
    const [name, permission] = only(s, "aws_lambda_permission");
    permission.function_name = "${aws_lambda_function.ghost.function_name}";
    expect(checkStack(s, stackDir, [api])).toEqual([
      `aws_lambda_permission.${name} references aws_lambda_function.ghost, which the stack does not define`,
      `aws_lambda_permission.${name} does not point at a function of this stack (function_name = "\${aws_lambda_function.ghost.function_name}")`,
      "function check-svc-api: trigger http-api needs an aws_lambda_permission that points at it; none does",
    ]);
  });

  it("notices a function without its role, log group or package", () => {
    const s = stack();
    const [, fn] = only(s, "aws_lambda_function");
    fn.role = "arn:aws:iam::123456789012:role/somebody-else";
    delete fn.logging_config;
    for (const [key, group] of Object.entries<any>(s.resource.aws_cloudwatch_log_group)) {
      if (group.name.startsWith("/aws/lambda/")) delete s.resource.aws_cloudwatch_log_group[key];
    }
    fn.filename = "../../../dist/functions/api.zip";
    expect(checkStack(s, stackDir, [api])).toEqual([
      'function check-svc-api: its role ("arn:aws:iam::123456789012:role/somebody-else") is not an aws_iam_role of the stack',
      "function check-svc-api: no aws_cloudwatch_log_group named /aws/lambda/check-svc-api or referenced by logging_config",
      "function check-svc-api: its package ../../../dist/functions/api.zip is outside the stack folder",
    ]);
  });

  it("accepts a log group found through logging_config alone", () => {
    const s = stack();
    const [, group] = only(s, "aws_cloudwatch_log_group");
    for (const g of Object.values<any>(s.resource.aws_cloudwatch_log_group)) g.name = `/custom/${g.name}`;
    expect(group.name).toMatch(/^\/custom\//);
    expect(checkStack(s, stackDir, [api])).toEqual([]);
  });

  it("notices a manifest function missing from the stack", () => {
    expect(checkStack(stack(), stackDir, [api, { awsName: "check-svc-worker", trigger: "sqs" }])).toEqual([
      "function check-svc-worker (trigger sqs) is in lambdaform.json but not in the stack",
    ]);
  });

  it("wants each trigger's own wiring, reached through an alias too", () => {
    const s = stack();
    const [fnName] = only(s, "aws_lambda_function");
    const asSqs: ExpectedFunction = { awsName: "check-svc-api", trigger: "sqs" };
    expect(checkStack(s, stackDir, [asSqs])).toEqual([
      "function check-svc-api: trigger sqs needs an aws_lambda_event_source_mapping that points at it; none does",
    ]);
    s.resource.aws_lambda_alias = { live: { name: "live", function_name: `\${aws_lambda_function.${fnName}.function_name}` } };
    s.resource.aws_lambda_event_source_mapping = { queue: { event_source_arn: "${aws_sqs_queue.q.arn}", function_name: "${aws_lambda_alias.live.arn}" } };
    expect(checkStack(s, stackDir, [asSqs])).toEqual([]);
    const asSchedule: ExpectedFunction = { awsName: "check-svc-api", trigger: "schedule" };
    s.resource.aws_scheduler_schedule = { tick: { target: { arn: "arn:aws:lambda:us-east-1:123456789012:function:check-svc-api" } } };
    expect(checkStack(s, stackDir, [asSchedule])).toEqual([]);
  });
});

describe("terraform helpers", () => {
  // The message provider 5.100.0 prints for nodejs24.x, verbatim.
  const node24 =
    'expected runtime to be one of ["nodejs" "nodejs4.3" "nodejs6.10" "nodejs8.10" "nodejs10.x" "nodejs12.x" "nodejs14.x" "nodejs16.x" "java8" "java8.al2" "java11" "python2.7" "python3.6" "python3.7" "python3.8" "python3.9" "dotnetcore1.0" "dotnetcore2.0" "dotnetcore2.1" "dotnetcore3.1" "dotnet6" "dotnet8" "nodejs4.3-edge" "go1.x" "ruby2.5" "ruby2.7" "provided" "provided.al2" "nodejs18.x" "python3.10" "java17" "ruby3.2" "ruby3.3" "ruby3.4" "python3.11" "nodejs20.x" "provided.al2023" "python3.12" "java21" "python3.13" "nodejs22.x"], got nodejs24.x';
  const python314 = node24.replace("got nodejs24.x", "got python3.14");

  it("substitutes the newest same-language runtime the provider lists", () => {
    expect(runtimeSubstitutions([{ severity: "error", summary: node24 }])).toEqual([{ from: "nodejs24.x", to: "nodejs22.x" }]);
    expect(runtimeSubstitutions([{ severity: "error", summary: python314 }])).toEqual([{ from: "python3.14", to: "python3.13" }]);
  });

  it("knows before any run which catalog runtimes and arguments a provider version predates", () => {
    const url = { from: "invoked_via_function_url (6.29.0)", to: "it left out", argument: true };
    expect(knownGaps("5.100.0")).toEqual([{ from: "nodejs24.x", to: "nodejs22.x" }, { from: "python3.14", to: "python3.13" }, url]);
    // nodejs24.x came in 6.19.0, python3.14 in 6.20.0.
    expect(knownGaps("6.19.0")).toEqual([{ from: "python3.14", to: "python3.13" }, url]);
    expect(knownGaps("6.25.0")).toEqual([url]);
    expect(knownGaps("6.29.0")).toEqual([]);
    expect(knownGaps("6.66.0")).toEqual([]);
    // Versions compare as numbers: as text, 6.100.0 would come before 6.19.0.
    expect(knownGaps("6.100.0")).toEqual([]);
    expect(knownGaps("unknown")).toEqual([]);
  });

  it("keys a cached init by the required providers and every setting that decides what init installs", () => {
    const dir = tempDir();
    const bin = path.join(dir, "bin");
    mkdirSync(bin);
    writeFileSync(path.join(bin, "terraform"), "#!/bin/sh\n");
    chmodSync(path.join(bin, "terraform"), 0o755);
    const config = path.join(dir, "terraformrc");
    writeFileSync(config, 'provider_installation {\n  filesystem_mirror {\n    path = "/a"\n  }\n}\n');
    const env = { PATH: bin, TF_CLI_CONFIG_FILE: config };
    const aws = { aws: { source: "aws", version: "6.25.0" } };
    const key = initKey(aws, undefined, env);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    // The same requirements written in another order are the same init.
    expect(initKey({ aws: { version: "6.25.0", source: "aws" } }, undefined, env)).toBe(key);
    expect(initKey({ aws: { source: "aws", version: "6.66.0" } }, undefined, env)).not.toBe(key);
    expect(initKey(aws, dir, env)).not.toBe(key);
    expect(initKey(aws, undefined, { ...env, TF_PLUGIN_CACHE_DIR: dir })).not.toBe(key);
    writeFileSync(config, 'provider_installation {\n  filesystem_mirror {\n    path = "/b"\n  }\n}\n');
    expect(initKey(aws, undefined, env)).not.toBe(key);
    expect(initKey(aws, undefined, { ...env, PATH: dir })).toBeUndefined();
  });

  it("substitutes nothing when any other error is there", () => {
    const other = { severity: "error", summary: "expected memory_size to be in the range (128 - 10240), got 1" };
    expect(runtimeSubstitutions([{ severity: "error", summary: node24 }, other])).toBeUndefined();
    expect(runtimeSubstitutions([])).toBeUndefined();
  });

  it("tells provider installation errors from others", () => {
    const offline = "Error: Failed to query available provider packages\n\nCould not retrieve the list of available versions for provider\nhashicorp/aws: no available releases match the given constraints 6.25.0\n";
    expect(isProviderInstallError(offline)).toBe(true);
    expect(firstError(offline)).toBe(
      "Failed to query available provider packages: Could not retrieve the list of available versions for provider hashicorp/aws: no available releases match the given constraints 6.25.0",
    );
    expect(isProviderInstallError("Error: Invalid JSON syntax\n")).toBe(false);
  });
});

describe("test counts", () => {
  it("reads vitest's and pytest's summaries", () => {
    expect(vitestCounts(" Test Files  1 failed | 3 passed (4)\n      Tests  1 failed | 12 passed (13)\n")).toEqual({ passed: 12, failed: 1, total: 13 });
    expect(vitestCounts("      Tests  12 passed (12)")).toEqual({ passed: 12, failed: 0, total: 12 });
    expect(pytestCounts("....F.\n1 failed, 5 passed in 0.31s\n")).toEqual({ passed: 5, failed: 1, total: 6 });
    expect(pytestCounts("8 passed in 0.12s")).toEqual({ passed: 8, failed: 0, total: 8 });
  });
});
