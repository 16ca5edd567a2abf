import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { ExitCode } from "../src/errors.js";
import { packageRoot } from "../src/paths.js";
import type { VerifyReport } from "../src/verify/types.js";
import { recordingIo } from "./support/io.js";
import { removeTempDirs, tempDir } from "./support/project.js";
import { linkSharedDeps, sharedNodeModules } from "./support/shared-install.js";

afterAll(removeTempDirs);

/** An org pack in a fresh folder: `files` maps pack-relative paths to contents. */
function pack(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lf-pack-"));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

async function create(cwd: string, args: string[]) {
  const io = recordingIo();
  const code = await runCli("create", ["svc", "--yes", "--no-install", "--no-verify", ...args], { io, cwd });
  return { code, io, manifest: code === 0 ? JSON.parse(readFileSync(path.join(cwd, "svc", "lambdaform.json"), "utf8")) : undefined };
}

describe("org template packs", () => {
  it("impose their defaults; flags still win", async () => {
    const acme = pack({ "pack.json": JSON.stringify({ name: "acme", defaults: { memory: 512, region: "eu-west-1", logRetention: 90 } }) });
    const { code, manifest } = await create(tempDir(), ["--template-pack", acme, "--memory", "1024"]);
    expect(code).toBe(0);
    expect(manifest.spec.region).toBe("eu-west-1");
    expect(manifest.spec.settings).toMatchObject({ memory: 1024, logRetention: 90 });
  });

  it("are recorded in the manifest relative to the project", async () => {
    const cwd = tempDir();
    const acme = pack({ "pack.json": "{}" });
    const { manifest } = await create(cwd, ["--template-pack", acme]);
    expect(manifest.templatePacks).toEqual([{ name: path.basename(acme), source: { folder: path.relative(path.join(cwd, "svc"), acme) } }]);
  });

  it.each([
    [{ "pack.json": "{ not json" }, /pack\.json is not valid JSON/],
    [{ "pack.json": JSON.stringify({ defaults: { memory: 99999 } }) }, /defaults\.memory must be at most 10240/],
    [{ "pack.json": JSON.stringify({ defaults: { colour: "blue" } }) }, /defaults\.colour is not a setting/],
    [{ "README.md": "nothing useful" }, /has none of templates\/, pack\.json or rules\.mjs/],
    [{ "rules.mjs": "export const rules = [ syntax error" }, /rules\.mjs does not load/],
    [{ "rules.mjs": "throw new TypeError('no config');" }, /rules\.mjs does not load: no config/],
    [{ "rules.mjs": "export const rules = [{ id: 'X1' }];" }, /needs an id, a description and a check function/],
    [{ "templates/base/common/README.md.hbs": "{{#if}} unclosed" }, /README\.md\.hbs/],
  ])("refuse a broken pack with a one-line reason and write nothing (%#)", async (files, message) => {
    const cwd = tempDir();
    const { code, io } = await create(cwd, ["--template-pack", pack(files)]);
    expect(code).toBe(ExitCode.templatePack);
    expect(io.stderr).toEqual([expect.stringMatching(message)]);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("add rules that verify runs on the synthesized stack", async () => {
    const cwd = tempDir();
    const acme = pack({
      "rules.mjs": `export const rules = [{
        id: "ACME001",
        description: "Functions use at most 128 MB",
        check: (stack) => Object.entries(stack.stack.resource.aws_lambda_function)
          .filter(([, fn]) => fn.memory_size > 128)
          .map(([name, fn]) => ({ resource: "aws_lambda_function." + name, message: fn.memory_size + " MB is over the Acme limit" })),
      }, {
        id: "ACME002",
        description: "A rule with a bug",
        check: (stack) => stack.no.such.thing,
      }];`,
    });
    expect((await create(cwd, ["--template-pack", acme])).code).toBe(0);
    const dir = path.join(cwd, "svc");
    await linkSharedDeps(dir);
    const io = recordingIo();
    const code = await runCli("verify", [dir, "--no-install", "--json"], { io, cwd });
    const report = JSON.parse(io.stdout.join("\n")) as VerifyReport;
    expect(code).toBe(16);
    expect(report.steps.find((s) => s.id === "check")!.detail).toMatch(/rule ACME001 on aws_lambda_function\.api_function_\w+: 256 MB is over the Acme limit/);
    // A rule that throws is the pack's fault, reported as such, not a crash of verify.
    expect(report.rules.filter((r) => r.status === "failed").map((r) => r.rule)).toEqual(["ACME001", "ACME002"]);
    expect(report.rules.find((r) => r.rule === "ACME002")!.message).toMatch(/template pack lf-pack-\w+ is broken: its rule threw/);

    // Moving the pack away must not turn the org's rules off quietly.
    rmSync(acme, { recursive: true });
    const again = recordingIo();
    expect(await runCli("verify", [dir, "--no-install", "--json"], { io: again, cwd })).toBe(16);
    expect(JSON.parse(again.stdout.join("\n")).steps.find((s: { id: string }) => s.id === "check").detail).toMatch(/template pack .* is missing/);
  });
});

const examplePack = path.join(packageRoot, "examples/acme-pack");

/** `npm pack` a folder into `into`; returns the tarball's path. */
function npmPack(dir: string, into: string): string {
  const out = execFileSync("npm", ["pack", dir, "--pack-destination", into, "--json", "--loglevel=error"], { encoding: "utf8" });
  return path.join(into, JSON.parse(out)[0].filename);
}

/** A folder whose node_modules has these tarballs installed, as a project or monorepo would have its packs. */
function installTarballs(tarballs: string[]): string {
  const prefix = tempDir();
  writeFileSync(path.join(prefix, "package.json"), JSON.stringify({ name: "org-repo", private: true }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", ...tarballs], { cwd: prefix, encoding: "utf8" });
  return prefix;
}

describe("the example pack, as an npm package", () => {
  const scratch = tempDir();
  const tarball = npmPack(examplePack, scratch);

  it("is resolved by name from installed packages, recorded with its exact version, verifies green, and add keeps it", async () => {
    const repo = installTarballs([tarball]);
    const io = recordingIo();
    const code = await runCli("create", ["svc", "--yes", "--no-install", "--no-verify", "--template-pack", "@acme/lambdaform-pack@1.2.0", "--pack-team", "payments", "--resource", "table"], { io, cwd: repo });
    expect(code, io.stderr.join("\n")).toBe(0);
    const dir = path.join(repo, "svc");
    const manifest = JSON.parse(readFileSync(path.join(dir, "lambdaform.json"), "utf8"));
    expect(manifest.templatePacks).toEqual([{ name: "acme", version: "1.2.0", source: { npm: "@acme/lambdaform-pack" } }]);
    expect(manifest.spec).toMatchObject({ runtime: "nodejs22.x", region: "eu-west-1", settings: { arch: "arm64", tracing: true }, packAnswers: { team: "payments" } });
    expect(readFileSync(path.join(dir, "CODEOWNERS"), "utf8")).toContain("@acme/payments");
    expect(readFileSync(path.join(dir, "README.md"), "utf8")).toMatch(/^# svc\n\nAn Acme service, owned by \*\*@acme\/payments\*\*/);

    const grown = recordingIo();
    expect(await runCli("add", ["function", "jobs", "--trigger", "sqs", "--yes", "--no-install"], { io: grown, cwd: dir }), grown.stderr.join("\n")).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, "lambdaform.json"), "utf8")).templatePacks).toEqual(manifest.templatePacks);
    const listed = recordingIo();
    expect(await runCli("list", [], { io: listed, cwd: dir })).toBe(0);
    expect(listed.stdout.join("\n")).toContain("Template packs:\n  acme@1.2.0  (npm @acme/lambdaform-pack)\n  answers: team=payments");

    await linkSharedDeps(dir);
    const verified = recordingIo();
    const verifyCode = await runCli("verify", [dir, "--no-install", "--json"], { io: verified, cwd: dir });
    const report = JSON.parse(verified.stdout.join("\n")) as VerifyReport;
    expect(report.steps.filter((s) => s.status === "failed"), JSON.stringify(report.steps, null, 2)).toEqual([]);
    expect(verifyCode).toBe(0);
    expect(report.rules.filter((r) => r.rule === "ACME001").every((r) => r.status === "passed")).toBe(true);
  });

  it("a version that is not installed goes to npm (into the pack cache); one npm cannot find is exit 6, nothing written", async () => {
    const repo = installTarballs([tarball]);
    const io = recordingIo();
    process.env.LAMBDAFORM_PACK_CACHE = tempDir();
    try {
      const code = await runCli("create", ["svc", "--yes", "--no-install", "--template-pack", "@acme/lambdaform-pack@99.0.0-nonexistent"], { io, cwd: repo });
      expect(io.stderr).toEqual([expect.stringMatching(/^lambdaform: template pack @acme\/lambdaform-pack@99\.0\.0-nonexistent: npm could not install it \(/)]);
      expect(code).toBe(ExitCode.templatePack);
      expect(readdirSync(repo)).not.toContain("svc");
    } finally {
      delete process.env.LAMBDAFORM_PACK_CACHE;
    }
  });

  it("a tarball is installed with npm into the pack cache, recorded by name and exact version, and add finds it there", async () => {
    const cache = tempDir();
    process.env.LAMBDAFORM_PACK_CACHE = cache;
    try {
      const cwd = tempDir();
      const io = recordingIo();
      expect(await runCli("create", ["svc", "--yes", "--no-install", "--template-pack", tarball], { io, cwd }), io.stderr.join("\n")).toBe(0);
      expect(readdirSync(cache)).toEqual(["@acme+lambdaform-pack@1.2.0"]);
      const dir = path.join(cwd, "svc");
      expect(JSON.parse(readFileSync(path.join(dir, "lambdaform.json"), "utf8")).templatePacks).toEqual([{ name: "acme", version: "1.2.0", source: { npm: "@acme/lambdaform-pack" } }]);
      // Nothing above the project has the pack installed: add loads the recorded version from the cache.
      const grown = recordingIo();
      expect(await runCli("add", ["function", "jobs", "--trigger", "sqs", "--yes", "--no-install"], { io: grown, cwd: dir }), grown.stderr.join("\n")).toBe(0);
      expect(readFileSync(path.join(dir, "README.md"), "utf8")).toMatch(/`jobs` \(SQS queue\)/);
    } finally {
      delete process.env.LAMBDAFORM_PACK_CACHE;
    }
  });

  it("an npm package that is not a pack is refused: exit 6, nothing written", async () => {
    const notAPack = pack({ "package.json": JSON.stringify({ name: "left-pad-ish", version: "1.0.0" }), "index.js": "module.exports = 1;" });
    const repo = installTarballs([npmPack(notAPack, scratch)]);
    const io = recordingIo();
    const code = await runCli("create", ["svc", "--yes", "--no-install", "--template-pack", "left-pad-ish"], { io, cwd: repo });
    expect(io.stderr).toEqual([expect.stringMatching(/template pack left-pad-ish \(.*\): this npm package is not a lambdaform pack: it has no pack\.json/)]);
    expect(code).toBe(ExitCode.templatePack);
    expect(readdirSync(repo)).not.toContain("svc");
  });

  it("pack test creates and verifies every runtime × trigger it allows, in parallel, with a summary table", async () => {
    const io = recordingIo();
    const code = await runCli("pack", ["test", examplePack, "--jobs", "2", "--deps", await sharedNodeModules()], { io, cwd: tempDir() });
    expect(code, io.stderr.join("\n")).toBe(0);
    expect(io.stderr.filter((l) => /^\[\d\/2\] nodejs22\.x × (http-api|sqs): ok/.test(l))).toHaveLength(2);
    expect(io.stdout[0]).toMatch(/^runtime\s+trigger\s+result\s+time\s+detail$/);
    expect(io.stdout.slice(1).map((l) => l.split(/\s+/).slice(0, 3).join(" ")).sort()).toEqual(["nodejs22.x http-api ok", "nodejs22.x sqs ok"]);
    expect(io.stderr.at(-1)).toBe("All 2 projects verify.");
  });
});
