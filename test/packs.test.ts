import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { ExitCode } from "../src/errors.js";
import type { VerifyReport } from "../src/verify/types.js";
import { recordingIo } from "./support/io.js";
import { removeTempDirs, tempDir } from "./support/project.js";
import { linkSharedDeps } from "./support/shared-install.js";

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
    expect(path.resolve(cwd, "svc", manifest.templatePacks[0])).toBe(acme);
  });

  it.each([
    [{ "pack.json": "{ not json" }, /pack\.json is not valid JSON/],
    [{ "pack.json": JSON.stringify({ defaults: { memory: 99999 } }) }, /defaults\.memory must be at most 10240/],
    [{ "pack.json": JSON.stringify({ defaults: { colour: "blue" } }) }, /defaults\.colour is not a setting/],
    [{ "README.md": "nothing useful" }, /has none of templates\/, pack\.json or rules\.mjs/],
    [{ "rules.mjs": "export const rules = [ syntax error" }, /rules\.mjs does not load/],
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
    expect(report.rules.filter((r) => r.status === "failed").map((r) => r.rule)).toEqual(["ACME001"]);

    // Moving the pack away must not turn the org's rules off quietly.
    rmSync(acme, { recursive: true });
    const again = recordingIo();
    expect(await runCli("verify", [dir, "--no-install", "--json"], { io: again, cwd })).toBe(16);
    expect(JSON.parse(again.stdout.join("\n")).steps.find((s: { id: string }) => s.id === "check").detail).toMatch(/template pack .* is missing/);
  });
});
