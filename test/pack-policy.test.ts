import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import type { Prompter } from "../src/cli/prompter.js";
import { ExitCode } from "../src/errors.js";
import { upgradeManifest } from "../src/manifest/read.js";
import { packageRoot } from "../src/paths.js";
import { recordingIo } from "./support/io.js";
import { removeTempDirs, tempDir } from "./support/project.js";

afterAll(removeTempDirs);

const acme = path.join(packageRoot, "examples/acme-pack");

function pack(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lf-policy-"));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

async function run(cwd: string, command: string, args: string[], prompter?: Prompter) {
  const io = recordingIo(prompter !== undefined);
  const code = await runCli(command, args, { io, cwd, prompter });
  return { code, io, stderr: io.stderr.join("\n") };
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, "lambdaform.json"), "utf8"));
const quiet = ["--yes", "--no-install", "--no-verify"];

describe("locks and choices", () => {
  it.each([
    [["--arch", "x86_64"], /--arch "x86_64": template pack acme locks arch to "arm64"/],
    [["--no-tracing"], /^lambdaform: --no-tracing: template pack acme locks tracing to "true"$/],
    [["--trigger", "function-url"], /--trigger "function-url": template pack acme allows only triggers http-api, sqs/],
    [["--resource", "bucket"], /--resource "bucket": template pack acme allows only resources table/],
    [["--runtime", "python3.13"], /--runtime "python3\.13": template pack acme allows only runtimes nodejs22\.x/],
    [["--region", "us-east-1"], /--region "us-east-1": template pack acme allows only regions eu-west-1, eu-central-1/],
  ])("a flag outside the pack is refused naming it: %s", async (args, message) => {
    const cwd = tempDir();
    const { code, io } = await run(cwd, "create", ["svc", ...quiet, "--template-pack", acme, ...args]);
    expect(io.stderr).toEqual([expect.stringMatching(message)]);
    expect(code).toBe(ExitCode.invalidValue);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("a flag equal to the lock is fine; defaults fit the choices", async () => {
    const cwd = tempDir();
    const { code, stderr } = await run(cwd, "create", ["svc", ...quiet, "--template-pack", acme, "--arch", "arm64"]);
    expect(code, stderr).toBe(0);
    const { spec } = manifestOf(path.join(cwd, "svc"));
    expect(spec).toMatchObject({ runtime: "nodejs22.x", region: "eu-west-1", settings: { arch: "arm64", tracing: true, memory: 512, logRetention: 90 } });
    expect(spec.functions.map((f: { trigger: string }) => f.trigger)).toEqual(["http-api"]);
  });

  it("with --yes and http-api not allowed, the first allowed trigger is the default", async () => {
    const cwd = tempDir();
    const only = pack({ "pack.json": JSON.stringify({ choices: { triggers: ["sqs", "schedule"] } }) });
    expect((await run(cwd, "create", ["svc", ...quiet, "--template-pack", only])).code).toBe(0);
    expect(manifestOf(path.join(cwd, "svc")).spec.functions[0].trigger).toBe("sqs");
  });

  it("prompts offer only what the pack allows, and never ask for a locked setting", async () => {
    const asked: string[] = [];
    const offered: Record<string, string[]> = {};
    const prompter: Prompter = {
      input: async (q) => (asked.push(q.message), q.message === "Project folder" ? "svc" : (q.default ?? "")),
      select: async (q) => (asked.push(q.message), (offered[q.message] = q.choices.map((c) => c.value)), q.default ?? q.choices[0]!.value),
      checkbox: async (q) => (asked.push(q.message), (offered[q.message] = q.choices.map((c) => c.value)), [q.choices[0]!.value]),
      confirm: async (q) => (asked.push(q.message), q.message.startsWith("Customise") ? true : (q.default ?? true)),
    };
    const cwd = tempDir();
    const { code, stderr } = await run(cwd, "create", ["--no-install", "--no-verify", "--template-pack", acme], prompter);
    expect(code, stderr).toBe(0);
    expect(offered.Runtime).toEqual(["nodejs22.x"]);
    expect(offered["Triggers (one function each)"]).toEqual(["http-api", "sqs"]);
    expect(offered["Resources the functions use"]).toEqual(["table"]);
    expect(offered["AWS region"]).toEqual(["eu-west-1", "eu-central-1"]);
    expect(asked).toContain("Team that owns the service (its GitHub team)");
    expect(asked).not.toContain("CPU architecture");
    expect(asked).not.toContain("X-Ray tracing");
  });
});

describe("questions", () => {
  it("take --pack-<name>, reach the templates, and are recorded in lambdaform.json", async () => {
    const cwd = tempDir();
    const { code, stderr } = await run(cwd, "create", ["svc", ...quiet, "--template-pack", acme, "--pack-team", "payments"]);
    expect(code, stderr).toBe(0);
    const dir = path.join(cwd, "svc");
    expect(manifestOf(dir).spec.packAnswers).toEqual({ team: "payments" });
    expect(readFileSync(path.join(dir, "CODEOWNERS"), "utf8")).toContain("* @acme/payments");
    expect(readFileSync(path.join(dir, "README.md"), "utf8")).toContain("owned by **@acme/payments**");
    expect(readFileSync(path.join(dir, "src/handlers/api.ts"), "utf8")).toContain('const team = "payments";');
  });

  it.each([
    [["--pack-team", "Not Valid"], ExitCode.invalidValue, /--pack-team must match \[a-z\]\[a-z0-9-\]\*, got "Not Valid"/],
    [["--pack-colour", "x"], ExitCode.usage, /--pack-colour: no template pack asks colour \(they take --pack-team\)/],
    [["--pack-team"], ExitCode.usage, /--pack-team needs a value/],
  ])("a bad answer is refused: %s", async (args, exit, message) => {
    const cwd = tempDir();
    const { code, io } = await run(cwd, "create", ["svc", ...quiet, "--template-pack", acme, ...args]);
    expect(io.stderr).toEqual([expect.stringMatching(message)]);
    expect(code).toBe(exit);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("a yes/no question takes its flag bare, or true/false", async () => {
    const asks = pack({ "pack.json": JSON.stringify({ questions: [{ name: "pci", type: "boolean", message: "Handles card data?", default: false }] }) });
    const cwd = tempDir();
    expect((await run(cwd, "create", ["a", "--pack-pci", ...quiet, "--template-pack", asks])).code).toBe(0);
    expect(manifestOf(path.join(cwd, "a")).spec.packAnswers).toEqual({ pci: true });
    expect((await run(cwd, "create", ["b", ...quiet, "--template-pack", asks, "--pack-pci=false"])).code).toBe(0);
    expect(manifestOf(path.join(cwd, "b")).spec.packAnswers).toEqual({ pci: false });
    expect((await run(cwd, "create", ["c", ...quiet, "--template-pack", asks, "--pack-pci", "maybe"])).code).toBe(ExitCode.invalidValue);
  });

  it("a question without a default needs its flag when nobody can be asked", async () => {
    const asks = pack({ "pack.json": JSON.stringify({ questions: [{ name: "cost-centre", type: "number", message: "Cost centre", min: 1000 }] }) });
    const cwd = tempDir();
    const missing = await run(cwd, "create", ["svc", ...quiet, "--template-pack", asks]);
    expect(missing.code).toBe(ExitCode.missingAnswer);
    expect(missing.stderr).toMatch(/--pack-cost-centre/);
    expect((await run(cwd, "create", ["svc", ...quiet, "--template-pack", asks, "--pack-cost-centre", "4711"])).code).toBe(0);
    expect(manifestOf(path.join(cwd, "svc")).spec.packAnswers).toEqual({ "cost-centre": 4711 });
  });
});

describe("a default pack from .lambdaformrc.json or package.json", () => {
  it("is found from the target folder up; --no-template-pack ignores it", async () => {
    const org = tempDir();
    writeFileSync(path.join(org, ".lambdaformrc.json"), JSON.stringify({ templatePack: path.relative(org, acme).startsWith("..") ? acme : `./${path.relative(org, acme)}` }));
    const repo = path.join(org, "team", "repo");
    mkdirSync(repo, { recursive: true });
    expect((await run(repo, "create", ["svc", ...quiet])).code).toBe(0);
    expect(manifestOf(path.join(repo, "svc")).templatePacks.map((p: { name: string }) => p.name)).toEqual(["acme"]);
    expect((await run(repo, "create", ["plain", ...quiet, "--no-template-pack"])).code).toBe(0);
    expect(manifestOf(path.join(repo, "plain")).templatePacks).toEqual([]);
    const both = await run(repo, "create", ["x", ...quiet, "--no-template-pack", "--template-pack", acme]);
    expect(both.code).toBe(ExitCode.usage);
  });

  it("a lambdaform key in package.json, with a folder relative to it", async () => {
    const org = tempDir();
    const local = pack({ "pack.json": JSON.stringify({ name: "local", defaults: { memory: 1024 } }) });
    writeFileSync(path.join(org, "package.json"), JSON.stringify({ name: "monorepo", lambdaform: { templatePack: local } }));
    expect((await run(org, "create", ["svc", ...quiet])).code).toBe(0);
    expect(manifestOf(path.join(org, "svc")).spec.settings.memory).toBe(1024);
  });

  it("a broken .lambdaformrc.json is a broken pack setting: exit 6, nothing written", async () => {
    const org = tempDir();
    writeFileSync(path.join(org, ".lambdaformrc.json"), "{ nope");
    const { code, io } = await run(org, "create", ["svc", ...quiet]);
    expect(io.stderr).toEqual([expect.stringMatching(/\.lambdaformrc\.json: is not valid JSON/)]);
    expect(code).toBe(ExitCode.templatePack);
    expect(readdirSync(org)).toEqual([".lambdaformrc.json"]);
  });
});

describe("add in a project made with a pack", () => {
  it("refuses what the pack does not allow, naming it, and keeps the pack and its answers otherwise", async () => {
    const cwd = tempDir();
    expect((await run(cwd, "create", ["svc", ...quiet, "--template-pack", acme, "--pack-team", "payments"])).code).toBe(0);
    const dir = path.join(cwd, "svc");
    const before = readFileSync(path.join(dir, "lambdaform.json"), "utf8");
    const refused = await run(dir, "add", ["trigger", "function-url", "--yes", "--no-install"]);
    expect(refused.io.stderr).toEqual([expect.stringMatching(/trigger "function-url": template pack acme allows only triggers http-api, sqs/)]);
    expect(refused.code).toBe(ExitCode.invalidValue);
    expect(readFileSync(path.join(dir, "lambdaform.json"), "utf8")).toBe(before);
    const bucket = await run(dir, "add", ["resource", "bucket", "--function", "all", "--no-install"]);
    expect(bucket.stderr).toMatch(/template pack acme allows only resources table/);

    const added = await run(dir, "add", ["function", "orders", "--trigger", "http-api", "--yes", "--no-install", "--http-route", "GET /orders"]);
    expect(added.code, added.stderr).toBe(0);
    const manifest = manifestOf(dir);
    expect(manifest.templatePacks).toEqual(JSON.parse(before).templatePacks);
    expect(manifest.spec.packAnswers).toEqual({ team: "payments" });
    // The pack's handler override, with the recorded answer, for the new function too.
    expect(readFileSync(path.join(dir, "src/handlers/orders.ts"), "utf8")).toContain('const team = "payments";');
  });
});

describe("add, asking on a terminal, in a project made with a pack", () => {
  it("offers only the triggers the pack allows, and refuses another before asking anything", async () => {
    const cwd = tempDir();
    expect((await run(cwd, "create", ["svc", ...quiet, "--template-pack", acme])).code).toBe(0);
    const dir = path.join(cwd, "svc");
    const asked: string[] = [];
    let offered: string[] = [];
    const prompter: Prompter = {
      input: async (q) => (asked.push(q.message), q.default ?? "x"),
      select: async (q) => (asked.push(q.message), (offered = q.choices.map((c) => c.value)), q.choices.at(-1)!.value),
      checkbox: async (q) => (asked.push(q.message), q.choices.map((c) => c.value)),
      confirm: async (q) => (asked.push(q.message), q.default ?? true),
    };
    const added = await run(dir, "add", ["function", "jobs", "--no-install"], prompter);
    expect(added.code, added.stderr).toBe(0);
    expect(offered).toEqual(["http-api", "sqs"]);
    asked.length = 0;
    const refused = await run(dir, "add", ["trigger", "schedule", "--no-install"], prompter);
    expect(refused.code).toBe(ExitCode.invalidValue);
    expect(refused.io.stderr).toEqual([expect.stringMatching(/trigger "schedule": template pack acme allows only triggers http-api, sqs/)]);
    expect(asked).toEqual([]);
  });
});

describe("lambdaform.json schema 3", () => {
  it("upgrades schema 1 and 2 folder packs to records, through every step", () => {
    const spec = { name: "svc", runtime: "nodejs24.x", region: "us-east-1", settings: {}, functions: [{ name: "api", trigger: "http-api", options: {} }] };
    const one = upgradeManifest({ schemaVersion: 1, spec: { ...spec, resources: ["table"] }, templatePacks: ["../packs/acme"], files: {} });
    expect(one.schemaVersion).toBe(4);
    expect(one.spec.resources).toEqual([{ type: "table", name: "table", functions: ["api"] }]);
    expect(one.templatePacks).toEqual([{ name: "acme", source: { folder: "../packs/acme" } }]);
    const two = upgradeManifest({ schemaVersion: 2, spec: { ...spec, resources: [] }, templatePacks: ["../acme-pack/"], files: {} });
    expect(two.templatePacks).toEqual([{ name: "acme-pack", source: { folder: "../acme-pack/" } }]);
    expect(() => upgradeManifest({ schemaVersion: 3, spec: { ...spec, resources: [] }, templatePacks: ["../acme"] })).toThrow(/without a name and a folder or npm source/);
  });
});
