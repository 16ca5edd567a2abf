import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { ExitCode } from "../src/errors.js";
import { packFormatVersion } from "../src/packs/pack-format.js";
import { recordingIo } from "./support/io.js";
import { removeTempDirs, tempDir } from "./support/project.js";

afterAll(removeTempDirs);

/** A pack in a fresh folder: `files` maps pack-relative paths to contents. */
function pack(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lf-hostile-"));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const json = (value: unknown) => JSON.stringify(value);

async function refused(packDir: string, args: string[] = []) {
  const cwd = tempDir();
  const io = recordingIo();
  const code = await runCli("create", ["svc", "--yes", "--no-install", "--no-verify", "--template-pack", packDir, ...args], { io, cwd });
  return { code, io, written: readdirSync(cwd) };
}

describe("hostile and broken packs: exit 6, one line naming the file, nothing written", () => {
  const readme = "templates/base/common/README.md.hbs";
  it.each([
    ["pack.json templates ../", { "pack.json": json({ templates: "../elsewhere" }) }, /pack\.json templates: "\.\.\/elsewhere" points outside the pack/],
    ["pack.json templates absolute", { "pack.json": json({ templates: "/etc" }) }, /pack\.json templates: "\/etc" is an absolute path/],
    ["pack.json rules ../", { "pack.json": json({ rules: "../rules.mjs" }) }, /pack\.json rules: "\.\.\/rules\.mjs" points outside the pack/],
    ["adds with ..", { "pack.json": json({ adds: ["base/common/../../../x.hbs"] }) }, /pack\.json adds "base\/common\/\.\.\/\.\.\/\.\.\/x\.hbs" has an empty, \. or \.\. segment/],
    ["adds absolute", { "pack.json": json({ adds: ["/tmp/x.hbs"] }) }, /pack\.json adds "\/tmp\/x\.hbs" is not a relative path/],
    ["syntax error", { [readme]: "{{#if project.name}} unclosed" }, /templates\/base\/common\/README\.md\.hbs does not parse/],
    ["unknown variable", { [readme]: "{{projcet.name}}" }, /README\.md\.hbs line 1: unknown variable "projcet\.name"/],
    ["unknown variable in #if", { [readme]: "a\n{{#if projcet.isNode}}x{{/if}}" }, /README\.md\.hbs line 2: unknown variable "projcet\.isNode"/],
    ["unknown variable in #each", { [readme]: "{{#each fucntions}}x{{/each}}" }, /unknown variable "fucntions"/],
    ["unknown helper", { [readme]: "{{shout project.name}}" }, /README\.md\.hbs line 1: unknown helper "shout"/],
    ["unknown helper in #if", { [readme]: "{{#if (shout project.name)}}x{{/if}}" }, /unknown helper "shout"/],
    ["unknown block helper", { [readme]: "{{#repeat 3}}x{{/repeat}}" }, /unknown helper "repeat"/],
    ["unknown partial", { [readme]: "{{> triggers/nope/readme}}" }, /unknown partial "triggers\/nope\/readme"/],
    ["unknown pack answer", { "pack.json": json({ questions: [{ name: "team", type: "text", message: "Team", default: "a" }] }), [readme]: "{{pack.tema}}" }, /the pack has no question "tema"/],
    ["typo'd override", { "templates/base/common/READEM.md.hbs": "x" }, /templates\/base\/common\/READEM\.md\.hbs overrides no built-in template/],
    ["rules throw at import", { "rules.mjs": "throw new Error('boom at import');\nexport const rules = [];" }, /rules\.mjs does not load: boom at import/],
    ["pack.json not JSON", { "pack.json": "{ nope" }, /pack\.json is not valid JSON/],
    ["pack.json unknown field", { "pack.json": json({ name: "x", colour: "blue" }) }, /pack\.json does not match the pack format \(schemas\/pack\.schema\.json\): the top level has an unknown field "colour"/],
    ["pack.json wrong type", { "pack.json": json({ locked: { arch: ["arm64"] } }) }, /pack\.json does not match the pack format .*locked\.arch must be/],
    ["question of a wrong type", { "pack.json": json({ questions: [{ name: "team", type: "colour", message: "x" }] }) }, /questions\.0\.type must be one of text, number, choice, boolean/],
    ["newer formatVersion", { "pack.json": json({ formatVersion: packFormatVersion + 1, shiny: true }) }, new RegExp(`pack\\.json has formatVersion ${packFormatVersion + 1}, but this lambdaform reads formatVersion ${packFormatVersion} at most: upgrade lambdaform`)],
    ["lock outside its own choices", { "pack.json": json({ locked: { runtime: "python3.13" }, choices: { runtimes: ["nodejs22.x"] } }) }, /sets runtime "python3\.13", which template pack .* does not allow/],
    ["default against its own lock", { "pack.json": json({ locked: { arch: "arm64" }, defaults: { arch: "x86_64" } }) }, /defaults\.arch "x86_64" changes arch, which template pack .* locks to "arm64"/],
    ["unknown trigger in choices", { "pack.json": json({ choices: { triggers: ["carrier-pigeon"] } }) }, /choices\.triggers lists "carrier-pigeon"/],
  ])("%s", async (_, files, message) => {
    const { code, io, written } = await refused(pack(files as Record<string, string>));
    expect(io.stderr).toEqual([expect.stringMatching(message)]);
    expect(code).toBe(ExitCode.templatePack);
    expect(written).toEqual([]);
  });

  it.each([
    ["5,000 characters", "a".repeat(5000)],
    ["template syntax", "{{constructor}}"],
    ["a control character", "acme\u0007pack"],
    ["a newline", "acme\npack"],
  ])("a --template-pack of %s is a folder that is not there, never a question to npm", async (_, value) => {
    const { code, io, written } = await refused(value);
    expect(io.stderr).toEqual([expect.stringMatching(/^lambdaform: template pack .*: no such folder$/)]);
    expect(io.stderr[0]).not.toMatch(/[\u0000-\u001f]/);
    expect(io.stderr[0]!.length).toBeLessThan(300);
    expect(code).toBe(ExitCode.templatePack);
    expect(written).toEqual([]);
  });

  it("a symlink pointing outside the pack", async () => {
    const dir = pack({ "pack.json": "{}" });
    mkdirSync(path.join(dir, "templates/base/common"), { recursive: true });
    symlinkSync("/etc/hostname", path.join(dir, "templates/base/common/README.md.hbs"));
    const { code, io, written } = await refused(dir);
    expect(io.stderr).toEqual([expect.stringMatching(/templates\/base\/common\/README\.md\.hbs is a symlink that points outside the pack/)]);
    expect(code).toBe(ExitCode.templatePack);
    expect(written).toEqual([]);
  });

  it("a symlink inside the pack is fine", async () => {
    const dir = pack({ "pack.json": "{}", "shared/README.md.hbs": "# {{project.name}}\n" });
    mkdirSync(path.join(dir, "templates/base/common"), { recursive: true });
    symlinkSync(path.join(dir, "shared/README.md.hbs"), path.join(dir, "templates/base/common/README.md.hbs"));
    const { code, io } = await refused(dir);
    expect(code, io.stderr.join("\n")).toBe(0);
  });

  it("a later pack that changes an earlier pack's lock is refused, naming both", async () => {
    const first = pack({ "pack.json": json({ name: "org", locked: { arch: "arm64" } }) });
    const second = pack({ "pack.json": json({ name: "team", locked: { arch: "x86_64" } }) });
    const { code, io, written } = await refused(first, ["--template-pack", second]);
    expect(io.stderr).toEqual([expect.stringMatching(/template pack team: pack\.json locked\.arch "x86_64" changes arch, which template pack org locks to "arm64"/)]);
    expect(code).toBe(ExitCode.templatePack);
    expect(written).toEqual([]);
  });
});

describe("schemas/pack.schema.json", () => {
  it("is the format lambdaform checks: the example pack matches it, and a newer format is named before the schema is applied", async () => {
    const { packManifestProblem, packSchemaFile } = await import("../src/packs/pack-format.js");
    const { readFileSync } = await import("node:fs");
    const { packageRoot } = await import("../src/paths.js");
    const example = JSON.parse(readFileSync(path.join(packageRoot, "examples/acme-pack/pack.json"), "utf8"));
    expect(packManifestProblem(example)).toBeUndefined();
    expect(example.$schema).toBe(path.relative(path.join(packageRoot, "examples/acme-pack"), packSchemaFile));
    expect(packManifestProblem({ formatVersion: 2, anything: 1 })).toMatch(/formatVersion 2, but this lambdaform reads formatVersion 1 at most/);
    expect(packManifestProblem({ questions: [{ name: "Team", type: "text", message: "x" }] })).toMatch(/questions\.0\.name must match pattern/);
  });
});
