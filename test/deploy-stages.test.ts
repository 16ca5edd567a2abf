import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultStage, stagePattern } from "../src/deploy/stages.js";
import { packageRoot } from "../src/paths.js";
import { lambdaform } from "./support/deploy.js";
import { generateProject, removeTempDirs } from "./support/project.js";

/**
 * Stage naming on a project with every resource (the rule fixture http-api-node's flags): the
 * default stage must keep every name a project had before stages (existing deployments must not
 * move), and any other stage must carry its name in every one of them.
 */
const project = "lf-http-api-node";
const resources = ["table", "bucket", "queue", "topic", "secret", "layer"].flatMap((r) => ["--resource", r]);
let dir: string;

const synth = async (stage?: string) => {
  await execa("node", ["scripts/synth.mjs"], { cwd: dir, env: stage ? { LAMBDAFORM_STAGE: stage } : {} });
  const outdir = stage ? `cdktf.out/stages/${stage}` : "cdktf.out";
  return JSON.parse(readFileSync(path.join(dir, outdir, "stacks", project, "cdk.tf.json"), "utf8"));
};

/** Every AWS name in a stack, by resource address and attribute. */
function names(stack: any): Map<string, string> {
  const found = new Map<string, string>();
  for (const [type, byName] of Object.entries<Record<string, any>>(stack.resource ?? {})) {
    for (const [key, body] of Object.entries(byName)) {
      for (const [attribute, value] of Object.entries(body)) {
        if (typeof value === "string" && /(^|_)name$|_prefix$|^bucket$/.test(attribute) && !value.startsWith("${")) {
          found.set(`${type}.${key}.${attribute}`, value);
        }
      }
    }
  }
  return found;
}

beforeAll(async () => {
  dir = await generateProject(project, ["--trigger", "http-api", ...resources]);
  await execa("node", ["scripts/package.mjs"], { cwd: dir });
});
afterAll(removeTempDirs);

describe("stages", () => {
  it("the default stage keeps every name and the state file of a project made before stages", async () => {
    const now = await synth();
    const before = JSON.parse(readFileSync(path.join(packageRoot, "test/fixtures/stacks/http-api-node/cdk.tf.json"), "utf8"));
    expect(now.terraform.backend).toEqual(before.terraform.backend);
    expect(now.terraform.backend).toEqual({ local: { path: "../../../terraform.tfstate" } });
    expect(now.provider.aws).toEqual(before.provider.aws);
    // Resources added since the fixture was made (by other features) are not compared; every
    // resource the fixture has must be there under the same address with the same names.
    const previous = names(before);
    expect(previous.size).toBeGreaterThan(20);
    const current = names(now);
    for (const [where, name] of previous) expect(current.get(where), where).toBe(name);
  });

  it("another stage carries its name in every AWS name, its own state file and folder, and a Stage tag", async () => {
    const dev = await synth("dev");
    expect(dev.terraform.backend).toEqual({ local: { path: "../../../../../terraform.dev.tfstate" } });
    expect(dev.provider.aws[0].default_tags[0].tags).toMatchObject({ Stage: "dev" });
    const all = [...names(dev)];
    expect(all.length).toBeGreaterThan(20);
    const missing = all.filter(([, name]) => name.includes(project) && !name.includes(`${project}-dev`));
    expect(missing).toEqual([]);
    // Names that do not start with the project's carry it after a fixed prefix (log groups, queries).
    for (const [where, name] of all) expect(name.includes(`${project}-dev`) || !name.includes(project), where).toBe(true);
  });

  it("refuses a bad stage name with one line: the tool (exit 3) and the project's own script (exit 2)", async () => {
    const tool = await lambdaform(["deploy", dir, "--stage", "Prod_1", "--yes"], { cwd: dir, env: process.env as Record<string, string> });
    expect(tool.exitCode).toBe(3);
    expect(tool.stderr).toBe('lambdaform: --stage must be a lowercase letter then at most 9 lowercase letters or digits (dev, staging, prod2), got "Prod_1"');
    const script = await execa("node", ["scripts/terraform.mjs", "plan", "--stage", "Prod_1"], { cwd: dir, reject: false });
    expect(script.exitCode).toBe(2);
    expect(script.stderr).toBe('terraform.mjs: stage "Prod_1" must be a lowercase letter then at most 9 lowercase letters or digits');
  });

  it("the tool and the generated project agree on the default stage and the stage pattern", async () => {
    const generated = await import(pathToFileURL(path.join(dir, "scripts/lib/stage.mjs")).href);
    expect(generated.defaultStage).toBe(defaultStage);
    expect(String(generated.stagePattern)).toBe(String(stagePattern));
  });

  it("`add` keeps the stages saved in lambdaform.json", async () => {
    const file = path.join(dir, "lambdaform.json");
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    manifest.stages = { prod: { region: "eu-west-1", stateBucket: "acme-state" } };
    await import("node:fs").then((fs) => fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + "\n"));
    const add = await lambdaform(["add", "function", "jobs", "--trigger", "schedule", "--dir", dir, "--no-verify"], { cwd: dir, env: process.env as Record<string, string> });
    expect(add.exitCode, add.all).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8")).stages).toEqual(manifest.stages);
  });
});

describe("lambdaform deploy --print-ci-role", () => {
  it("prints a role only this repository's main branch and pull requests may assume, that cannot widen its own rights", async () => {
    const { ciRole } = await import("../src/deploy/ci-role.js");
    const role = ciRole({ project: "svc", repo: "acme/svc", branch: "main", stateBucket: "acme-tf" });
    const trust = role.trustPolicy.Statement[0]!;
    expect(trust.Action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(trust.Condition.StringLike["token.actions.githubusercontent.com:sub"]).toEqual(["repo:acme/svc:ref:refs/heads/main", "repo:acme/svc:pull_request"]);
    const statements = role.permissions.Statement;
    // IAM only on the project's roles, and the deploy role is not one of them.
    expect(statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith("iam:") && !statements.find((s) => s.Sid === "ProjectRoles")!.Action.includes(a))).toEqual([]);
    expect(statements.find((s) => s.Sid === "ProjectRoles")!.Resource).toBe("arn:aws:iam::<ACCOUNT_ID>:role/svc-*");
    expect(role.roleName.startsWith("svc-")).toBe(false);
    expect(statements.some((s) => [s.Action].flat().includes("iam:*"))).toBe(false);
  });
});
