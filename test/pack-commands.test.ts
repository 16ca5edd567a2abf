import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { ExitCode } from "../src/errors.js";
import { packageRoot } from "../src/paths.js";
import { recordingIo } from "./support/io.js";
import { removeTempDirs, tempDir } from "./support/project.js";

afterAll(removeTempDirs);

async function pack(args: string[], cwd = tempDir()) {
  const io = recordingIo();
  const code = await runCli("pack", args, { io, cwd });
  return { code, io, cwd };
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lf-packcmd-"));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

describe("lambdaform pack", () => {
  it("init writes a pack that pack check passes, with one override, question, lock and rule", async () => {
    const { code, cwd } = await pack(["init", "our-pack"]);
    expect(code).toBe(0);
    const dir = path.join(cwd, "our-pack");
    expect(readdirSync(dir).sort()).toEqual(["README.md", "pack.json", "package.json", "rules.mjs", "templates"]);
    const check = await pack(["check", dir]);
    expect(check.code, check.io.stderr.join("\n")).toBe(0);
    expect(check.io.stdout).toEqual([expect.stringMatching(/^template pack our-pack 0\.1\.0 is sound: .* render for 45 runtime × trigger combinations, 1 rule loads$/)]);
    // Used as it is, it reaches a project.
    const io = recordingIo();
    expect(await runCli("create", ["svc", "--yes", "--no-install", "--template-pack", dir, "--pack-team", "billing"], { io, cwd })).toBe(0);
  });

  it("init refuses a folder that is not empty", async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, "taken"));
    writeFileSync(path.join(cwd, "taken", "x"), "");
    const { code } = await pack(["init", "taken"], cwd);
    expect(code).toBe(ExitCode.targetNotEmpty);
  });

  it("check passes on the example pack", async () => {
    const { code, io } = await pack(["check", path.join(packageRoot, "examples/acme-pack")]);
    expect(code, io.stderr.join("\n")).toBe(0);
    expect(io.stdout).toEqual(["template pack acme 1.2.0 is sound: pack.json matches format 1, its templates render for 2 runtime × trigger combinations, 1 rule loads"]);
  });

  it("check renders every allowed runtime × trigger: a template that breaks for one is named with it", async () => {
    const dir = folder({
      "pack.json": JSON.stringify({ choices: { runtimes: ["nodejs24.x", "python3.13"], triggers: ["sqs"] } }),
      "templates/triggers/sqs/python/src/app/handlers/__fn_snake__.py.hbs": "# {{fn.options.nope}}\n",
    });
    const { code, io } = await pack(["check", dir]);
    expect(io.stderr).toEqual([expect.stringMatching(/template triggers\/sqs\/python\/src\/app\/handlers\/__fn_snake__\.py\.hbs failed: .*nope.* \(rendering python3\.13 × sqs\)$/)]);
    expect(code).toBe(ExitCode.templatePack);
  });

  it("check refuses a typo'd override and a broken pack.json, exit 6", async () => {
    const typo = await pack(["check", folder({ "templates/base/common/REAMDE.md.hbs": "x" })]);
    expect(typo.code).toBe(ExitCode.templatePack);
    expect(typo.io.stderr).toEqual([expect.stringMatching(/REAMDE\.md\.hbs overrides no built-in template/)]);
    const newer = await pack(["check", folder({ "pack.json": JSON.stringify({ formatVersion: 7 }) })]);
    expect(newer.io.stderr).toEqual([expect.stringMatching(/formatVersion 7, but this lambdaform reads formatVersion 1 at most/)]);
  });

  it.each([
    [[], ExitCode.usage],
    [["frobnicate", "x"], ExitCode.usage],
    [["check"], ExitCode.usage],
    [["check", "a", "b"], ExitCode.usage],
    [["init", "x", "--jobs", "2"], ExitCode.usage],
    [["test", "x", "--jobs", "0"], ExitCode.usage],
  ])("usage errors: %s", async (args, exit) => {
    const { code, io } = await pack(args);
    expect(code).toBe(exit);
    if (args.length > 0) expect(io.stderr).toHaveLength(1);
  });
});

describe("lambdaform pack check, given an npm package name", () => {
  it("checks the package installed where it runs, without asking npm", async () => {
    const repo = tempDir();
    const modules = path.join(repo, "node_modules", "@acme", "lambdaform-pack");
    mkdirSync(path.dirname(modules), { recursive: true });
    cpSync(path.join(packageRoot, "examples/acme-pack"), modules, { recursive: true });
    process.env.LAMBDAFORM_PACK_CACHE = path.join(repo, "no-cache-needed");
    try {
      const { code, io } = await pack(["check", "@acme/lambdaform-pack@1.2.0"], repo);
      expect(code, io.stderr.join("\n")).toBe(0);
      expect(io.stdout[0]).toMatch(/^template pack acme 1\.2\.0 is sound/);
      expect(readdirSync(repo)).toEqual(["node_modules"]);
    } finally {
      delete process.env.LAMBDAFORM_PACK_CACHE;
    }
  });
});
