import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { freePort, startEmulator, type Emulator } from "../../src/emulator/emulator.js";
import { packageRoot } from "../../src/paths.js";
import { generateProject } from "./project.js";

/**
 * A Terraform CLI config under which `terraform init` of a real synthesized stack works offline.
 * The stack pins the AWS provider cdktf generated it for (6.25.0); this machine's mirror has
 * another version (5.100.0). Deploys run the project's own scripts/terraform.mjs on the stack as
 * it is, so instead of editing the stack, this mirror serves the installed provider under the
 * pinned version (a symlink): the same binary any offline verify here already uses.
 */
export function pinnedProviderConfig(pinned: string): string {
  const config = process.env.TF_CLI_CONFIG_FILE;
  const mirror = config && existsSync(config) ? /path\s*=\s*"([^"]+)"/.exec(readFileSync(config, "utf8"))?.[1] : process.env.LAMBDAFORM_TF_MIRROR;
  if (!mirror) throw new Error("deploy tests need TF_CLI_CONFIG_FILE with a filesystem_mirror (or LAMBDAFORM_TF_MIRROR)");
  const aws = path.join(mirror, "registry.terraform.io/hashicorp/aws");
  const installed = readdirSync(aws).sort().at(-1)!;
  const shim = path.join(os.tmpdir(), `lambdaform-deploy-mirror-${pinned}-from-${installed}`);
  for (const platform of readdirSync(path.join(aws, installed))) {
    const link = path.join(shim, "registry.terraform.io/hashicorp/aws", pinned, platform);
    if (existsSync(link)) continue;
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(path.join(aws, installed, platform), link);
  }
  const file = path.join(shim, "terraformrc");
  writeFileSync(file, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(shim)}\n  }\n}\n`);
  return file;
}

/**
 * What a deploy test starts from: a fresh moto on a port of its own, the default project
 * (`--trigger http-api`; nodejs22.x because the provider here, 5.100.0, predates nodejs24.x),
 * synthesized once to learn the provider it pins, and a CLI config that serves that version.
 */
export async function deployFixture(): Promise<{ emulator: Emulator; dir: string; tfConfig: string }> {
  const emulator = await startEmulator({ port: await freePort(), fresh: true });
  const dir = await generateProject("svc", ["--trigger", "http-api", "--runtime", "nodejs22.x"]);
  await execa("node", ["scripts/package.mjs"], { cwd: dir });
  await execa("node", ["scripts/synth.mjs"], { cwd: dir });
  const tfConfig = pinnedProviderConfig(pinnedAwsProvider(path.join(dir, "cdktf.out/stacks/svc/cdk.tf.json")));
  return { emulator, dir, tfConfig };
}

/** The AWS provider version a synthesized stack pins. */
function pinnedAwsProvider(stackJson: string): string {
  return JSON.parse(readFileSync(stackJson, "utf8")).terraform.required_providers.aws.version;
}

/** `lambdaform <args>` from the sources, as a user runs it without a terminal. */
export function lambdaform(args: string[], o: { cwd: string; env: Record<string, string> }) {
  return execa(path.join(packageRoot, "node_modules/.bin/tsx"), [path.join(packageRoot, "src/bin/lambdaform.ts"), ...args], {
    cwd: o.cwd,
    env: o.env,
    reject: false,
    stdin: "ignore",
    all: true,
  });
}

/**
 * A plain request to one of moto's services as the fake account's user: moto reads the service
 * and who is asking from the Authorization header and does not check the signature.
 */
export function motoRequest(endpoint: string, service: string, pathname: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const authorization = `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;
  return fetch(`${endpoint}/${pathname}`, { ...init, headers: { ...init.headers, authorization } });
}

/** A plain S3 request to moto (objects Terraform writes are private: the request names the account's user). */
export async function s3(endpoint: string, method: "GET" | "PUT" | "DELETE", pathname: string, body?: string): Promise<Response> {
  return motoRequest(endpoint, "s3", pathname, { method, body });
}

/**
 * What an emulator holds of the kinds lambdaform's stacks create most (Lambda functions, REST
 * APIs, IAM roles, log groups), one "kind name" line each: empty after a clean destroy.
 */
export async function leftInEmulator(endpoint: string): Promise<string[]> {
  const read = async (response: Promise<Response>) => {
    const answer = await response;
    if (!answer.ok) throw new Error(`${answer.url}: ${answer.status}`);
    return answer.text();
  };
  const functions = JSON.parse(await read(motoRequest(endpoint, "lambda", "2015-03-31/functions/"))).Functions as { FunctionName: string }[];
  const apis = JSON.parse(await read(motoRequest(endpoint, "apigateway", "restapis"))).item as { name: string }[];
  const roles = [...(await read(motoRequest(endpoint, "iam", "", { method: "POST", body: "Action=ListRoles&Version=2010-05-08" }))).matchAll(/<RoleName>([^<]+)<\/RoleName>/g)];
  const logs = await read(
    motoRequest(endpoint, "logs", "", { method: "POST", body: "{}", headers: { "x-amz-target": "Logs_20140328.DescribeLogGroups", "content-type": "application/x-amz-json-1.1" } }),
  );
  return [
    ...functions.map((f) => `function ${f.FunctionName}`),
    ...apis.map((a) => `rest-api ${a.name}`),
    ...roles.map((r) => `role ${r[1]}`),
    ...(JSON.parse(logs).logGroups as { logGroupName: string }[]).map((g) => `log-group ${g.logGroupName}`),
  ];
}

/** An object's text, or undefined when there is none. */
export async function s3Object(endpoint: string, bucket: string, key: string): Promise<string | undefined> {
  const response = await s3(endpoint, "GET", `${bucket}/${key}`);
  return response.ok ? await response.text() : undefined;
}

export async function createBucket(endpoint: string, bucket: string): Promise<void> {
  const response = await s3(endpoint, "PUT", bucket);
  if (!response.ok) throw new Error(`CreateBucket ${bucket}: ${response.status}`);
}

