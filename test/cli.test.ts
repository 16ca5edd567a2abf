import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import type { Prompter } from "../src/cli/prompter.js";
import { ExitCode } from "../src/errors.js";
import { generatorVersion } from "../src/paths.js";
import { recordingIo } from "./support/io.js";

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), "lf-cli-"));

async function run(args: string[], cwd = tempDir()) {
  const io = recordingIo();
  const code = await runCli(args[0], args.slice(1), { io, cwd });
  return { code, io, cwd };
}

describe("lambdaform create", () => {
  it("--dry-run prints the plan and writes nothing", async () => {
    const { code, io, cwd } = await run(["create", "svc", "--yes", "--dry-run", "--trigger", "sqs"]);
    expect(code).toBe(0);
    expect(io.stdout[0]).toMatch(/^Would create .*svc with \d+ files \(dry run: nothing written\):$/);
    expect(io.stdout.join("\n")).toContain("src/handlers/worker.ts");
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("--dry-run --json gives a machine-readable plan", async () => {
    const { code, io } = await run(["create", "svc", "--yes", "--dry-run", "--json"]);
    expect(code).toBe(0);
    const plan = JSON.parse(io.stdout.join("\n"));
    expect(plan.dryRun).toBe(true);
    expect(plan.files.map((f: { file: string }) => f.file)).toContain("lambdaform.json");
  });

  it("writes the project and a JSON summary", async () => {
    const { code, io, cwd } = await run(["create", "svc", "--yes", "--no-install", "--no-verify", "--json"]);
    expect(code).toBe(0);
    const summary = JSON.parse(io.stdout.join("\n"));
    expect(summary.functions).toEqual([{ name: "api", trigger: "http-api", awsName: "svc-api" }]);
    for (const { file } of summary.files) expect(existsSync(path.join(cwd, "svc", file)), file).toBe(true);
    expect(JSON.parse(readFileSync(path.join(cwd, "svc", "lambdaform.json"), "utf8")).spec.name).toBe("svc");
  });

  it("refuses a non-empty folder before asking anything, and leaves it alone", async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, "svc"));
    writeFileSync(path.join(cwd, "svc", "notes.txt"), "mine");
    const asked: string[] = [];
    const ask = async (q: { message: string }): Promise<never> => {
      asked.push(q.message);
      throw new Error("asked");
    };
    const prompter = { input: ask, select: ask, checkbox: ask, confirm: ask } as unknown as Prompter;
    const io = recordingIo(true);
    const code = await runCli("create", ["svc"], { io, cwd, prompter });
    expect(asked).toEqual([]);
    expect(code).toBe(ExitCode.targetNotEmpty);
    expect(io.stderr).toEqual([expect.stringMatching(/^lambdaform: .*svc is not empty \(1 entries\); choose a new folder$/)]);
    expect(readdirSync(path.join(cwd, "svc"))).toEqual(["notes.txt"]);
  });

  it("turns a bad value into one line on stderr and its exit code", async () => {
    const { code, io, cwd } = await run(["create", "svc", "--yes", "--memory", "20000"]);
    expect(code).toBe(ExitCode.invalidValue);
    expect(io.stderr).toEqual(['lambdaform: --memory must be at most 10240, got "20000"']);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("with --json, reports a failure as JSON on stdout too", async () => {
    const { code, io } = await run(["create", "svc", "--yes", "--json", "--timeout", "0"]);
    expect(code).toBe(ExitCode.invalidValue);
    expect(JSON.parse(io.stdout.join("\n"))).toEqual({ error: '--timeout must be at least 1, got "0"', exitCode: ExitCode.invalidValue });
  });

  it("names a broken template pack", async () => {
    const cwd = tempDir();
    const pack = path.join(cwd, "pack");
    mkdirSync(path.join(pack, "templates/base/common"), { recursive: true });
    writeFileSync(path.join(pack, "templates/base/common/README.md.hbs"), "{{#if}} unclosed");
    const { code, io } = await run(["create", "svc", "--yes", "--no-install", "--no-verify", "--template-pack", "pack"], cwd);
    expect(code).toBe(ExitCode.templatePack);
    expect(io.stderr[0]).toMatch(/README\.md\.hbs/);
    expect(existsSync(path.join(cwd, "svc"))).toBe(false);
  });

  it("lets a template pack override one template", async () => {
    const cwd = tempDir();
    const pack = path.join(cwd, "pack");
    mkdirSync(path.join(pack, "templates/base/common"), { recursive: true });
    writeFileSync(path.join(pack, "templates/base/common/README.md.hbs"), "# {{project.name}} (Acme standard)\n");
    const { code } = await run(["create", "svc", "--yes", "--no-install", "--no-verify", "--template-pack", "pack"], cwd);
    expect(code).toBe(0);
    expect(readFileSync(path.join(cwd, "svc", "README.md"), "utf8")).toBe("# svc (Acme standard)\n");
  });

  it("prints help generated from the catalog", async () => {
    const { code, io } = await run(["create", "--help"]);
    expect(code).toBe(0);
    const help = io.stdout.join("\n");
    for (const flag of ["--runtime", "--trigger", "--sqs-batch-size", "--log-retention", "--dry-run", "--json"]) expect(help).toContain(flag);
  });
});

describe("lambdaform", () => {
  it("prints its version", async () => {
    const { code, io } = await run(["--version"]);
    expect(code).toBe(0);
    expect(io.stdout).toEqual([generatorVersion]);
  });

  it("refuses an unknown command", async () => {
    const { code, io } = await run(["publish"]);
    expect(code).toBe(ExitCode.usage);
    expect(io.stderr[0]).toMatch(/unknown command "publish"/);
  });

  it("refuses to verify a folder that is not a lambdaform project", async () => {
    const { code, io } = await run(["verify", "."]);
    expect(code).toBe(ExitCode.notAProject);
    expect(io.stderr[0]).toMatch(/no lambdaform\.json/);
  });
});
