import { chmodSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyProject, edit, generateProject, removeTempDirs, tempDir } from "./support/project.js";

/**
 * Issue 9's infrastructure items, on real generated projects: the stack tests guard the
 * security-relevant settings, Node packages carry portable source maps, a Python build drops a
 * stale dependencies layer, and `npm run destroy` explains a bucket that is not empty.
 */
let node: string;
let python: string;

beforeAll(async () => {
  node = await generateProject("guarded-node", ["--trigger", "sqs", "--trigger", "s3", "--resource", "bucket"]);
  python = await generateProject("guarded-python", ["--runtime", "python3.13", "--trigger", "sqs"]);
});
afterAll(removeTempDirs);

/** The project's own stack tests, as `npm test` runs them (vitest builds the packages first). */
async function stackTests(dir: string) {
  const result = await execa("node_modules/.bin/vitest", ["run", "--no-cache", "infra/stack.test.ts"], { cwd: dir, reject: false, all: true, env: { NO_COLOR: "1" } });
  return { code: result.exitCode, output: result.all ?? "" };
}

/** The entries of a zip this project's scripts/lib/zip.mjs wrote (stored or deflated, no data descriptors). */
function unzip(file: string): Map<string, Buffer> {
  const zip = readFileSync(file);
  const entries = new Map<string, Buffer>();
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const method = zip.readUInt16LE(at + 8);
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extraLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 30, at + 30 + nameLength).toString("utf8");
    const start = at + 30 + nameLength + extraLength;
    const data = zip.subarray(start, start + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at = start + size;
  }
  return entries;
}

describe.each([
  ["Node", () => node],
  ["Python", () => python],
])("%s stack tests guard the security-relevant settings", (_, project) => {
  const serviceFunction = "infra/constructs/service-function.ts";

  it("pass as generated", async () => {
    const { code, output } = await stackTests(copyProject(project()));
    expect(code, output).toBe(0);
  });

  it("fail when tracing is turned off in the function while settings say on", async () => {
    const dir = copyProject(project());
    edit(path.join(dir, serviceFunction), 'tracingConfig: { mode: settings.tracing ? "Active" : "PassThrough" },', 'tracingConfig: { mode: "PassThrough" },');
    const { code, output } = await stackTests(dir);
    expect(code).toBe(1);
    expect(output).toMatch(/traces with X-Ray \(settings\.tracing is on\)/);
    expect(output).toContain('Expected: "Active"');
  });

  it("fail when the X-Ray grant is removed", async () => {
    const dir = copyProject(project());
    edit(path.join(dir, serviceFunction), /if \(settings\.tracing\) \{\n[^\n]*\n[^\n]*\n\s*\}/, "");
    const { code, output } = await stackTests(dir);
    expect(code).toBe(1);
    expect(output).toMatch(/FAIL .*traces with X-Ray/);
  });

  it("fail when the logs policy is widened to *", async () => {
    const dir = copyProject(project());
    edit(path.join(dir, serviceFunction), "resources: [`${this.logGroup.arn}:*`],", 'resources: ["*"],');
    const { code, output } = await stackTests(dir);
    expect(code).toBe(1);
    expect(output).toMatch(/FAIL .*writes logs only to its own log group/);
  });
});

describe("Node packages keep their source maps", () => {
  it("zip the map beside the bundle, with project-relative sources, byte-identical from another folder", async () => {
    await execa("node", ["scripts/package.mjs"], { cwd: node });
    const entries = unzip(path.join(node, "dist/functions/worker.zip"));
    expect([...entries.keys()]).toEqual(["index.mjs", "index.mjs.map"]);
    expect(entries.get("index.mjs")!.toString("utf8").trimEnd()).toMatch(/\n\/\/# sourceMappingURL=index\.mjs\.map$/);
    const map = JSON.parse(entries.get("index.mjs.map")!.toString("utf8"));
    expect(map.version).toBe(3);
    expect(map.sourcesContent).toBeUndefined();
    expect(map.sources).toContain("src/handlers/worker.ts");
    // node_modules is a link to a shared install elsewhere: its real path must not leak in.
    for (const source of map.sources) expect(source).toMatch(/^(src\/|node_modules\/)/);

    // The same project deeper in another folder (and its node_modules link) builds the same bytes.
    const elsewhere = path.join(tempDir(), "a", "b", "c");
    mkdirSync(elsewhere, { recursive: true });
    const copy = path.join(elsewhere, "guarded-node");
    await execa("cp", ["-a", node, copy]);
    rmSync(path.join(copy, "dist"), { recursive: true, force: true });
    await execa("node", ["scripts/package.mjs"], { cwd: copy });
    for (const zip of ["worker.zip", "objects.zip"]) {
      expect(readFileSync(path.join(copy, "dist/functions", zip)).equals(readFileSync(path.join(node, "dist/functions", zip))), zip).toBe(true);
    }
  });
});

describe("Packages are replaced whole", () => {
  it("as a new file renamed over the old one, so a reader at the same time (verify's package step while the stack tests build) never sees half a zip", async () => {
    const dir = copyProject(node);
    await execa("node", ["scripts/package.mjs"], { cwd: dir });
    const zip = path.join(dir, "dist/functions/worker.zip");
    const held = path.join(dir, "held.zip");
    // A second name for the zip's file: a write in place would change it too.
    linkSync(zip, held);
    const before = readFileSync(held);
    await execa("node", ["scripts/package.mjs"], { cwd: dir });
    expect(statSync(zip).ino).not.toBe(statSync(held).ino);
    expect(readFileSync(held).equals(before)).toBe(true);
    expect(readFileSync(zip).equals(before)).toBe(true);
    expect(readdirSync(path.join(dir, "dist/functions")).filter((f) => !f.endsWith(".zip"))).toEqual([]);
  });
});

describe("Python builds", () => {
  it("remove a dependencies layer left from an earlier build once requirements.txt lists nothing, so the stack stops attaching it", async () => {
    const dir = copyProject(python);
    mkdirSync(path.join(dir, "dist/layers"), { recursive: true });
    writeFileSync(path.join(dir, "dist/layers/dependencies.zip"), "stale: requirements.txt listed packages once");
    await execa("node", ["scripts/package.mjs"], { cwd: dir });
    expect(existsSync(path.join(dir, "dist/layers/dependencies.zip"))).toBe(false);
    await execa("node", ["scripts/synth.mjs"], { cwd: dir });
    const stack = JSON.parse(readFileSync(path.join(dir, "cdktf.out/stacks/guarded-python/cdk.tf.json"), "utf8"));
    expect(stack.resource.aws_lambda_layer_version).toBeUndefined();
    for (const fn of Object.values<any>(stack.resource.aws_lambda_function)) expect(fn.layers ?? []).toEqual([]);
  });
});

describe("npm run destroy", () => {
  it("explains what to do when Terraform stops at a bucket that is not empty", async () => {
    const dir = copyProject(node);
    const bin = path.join(tempDir(), "bin");
    mkdirSync(bin);
    // A stand-in for terraform: init works, destroy fails as it does on a bucket with objects.
    writeFileSync(path.join(bin, "terraform"), '#!/bin/sh\n[ "$1" = destroy ] && { echo "Error: deleting S3 Bucket: BucketNotEmpty" >&2; exit 1; }\nexit 0\n');
    chmodSync(path.join(bin, "terraform"), 0o755);
    mkdirSync(path.join(dir, "cdktf.out/stacks/guarded-node"), { recursive: true });
    const result = await execa("node", ["scripts/terraform.mjs", "destroy"], {
      cwd: dir,
      reject: false,
      env: { PATH: `${bin}:${process.env.PATH}` },
    });
    // 20: a failed deploy or destroy, the state intact (README's exit codes).
    expect(result.exitCode).toBe(20);
    expect(result.stderr).toContain("Terraform stopped at BucketNotEmpty");
    expect(result.stderr).toContain("(outputs: bucket_name, objects_bucket_name)");
    expect(result.stderr).toContain("forceDestroy: true");
  });
});
