import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { verifyProject } from "../src/verify/run.js";
import type { StepId, VerifyReport } from "../src/verify/types.js";
import { recordingIo } from "./support/io.js";
import { copyProject, edit, generateProject, removeTempDirs, tempDir } from "./support/project.js";
import { sharedNodeModules } from "./support/shared-install.js";
import { setupTerraform } from "./support/terraform.js";

/**
 * The step cache (.lambdaform/cache/): one verify of a fresh project fills it, then each test
 * changes one kind of input in a copy (the cache travels with it) and checks which steps ran
 * again. Files are added or appended to, never matched against the templates' text.
 */
const terraform = setupTerraform();
let base: string;
let first: VerifyReport;

const verify = (dir: string, extra: { cache?: boolean; requireTerraform?: boolean } = {}) =>
  verifyProject({ dir, install: false, io: recordingIo(), json: true, ...extra });

/** Steps that ran this time (not answered from the cache), among those the cache can answer. */
function ran(report: VerifyReport): StepId[] {
  const summary = report.steps.map((s) => `${s.id} ${s.status}${s.cached ? " (cached)" : ""}: ${s.detail}`).join("\n");
  expect(report.ok, summary).toBe(true);
  const cacheable: StepId[] = ["typecheck", "test", "package", "synth", ...(terraform.available ? (["terraform"] as const) : [])];
  return report.steps.filter((s) => cacheable.includes(s.id) && !s.cached).map((s) => s.id);
}

beforeAll(async () => {
  base = await generateProject("cache-svc");
  // Lint findings are the templates' concern (verify-lint.test.ts); without a biome.json the
  // typecheck step is tsc alone, so what these tests see depends on the cache and nothing else.
  rmSync(path.join(base, "biome.json"));
  first = await verify(base);
});
afterAll(removeTempDirs);

const testOf = (report: VerifyReport) => report.steps.find((s) => s.id === "test")!;
const appendTo = (file: string, text: string) => writeFileSync(file, `${readFileSync(file, "utf8")}\n${text}`);
const fnName = (dir: string) => readdirSync(path.join(dir, "src/handlers")).find((f) => /^[a-z-]+\.ts$/.test(f) && !f.endsWith(".test.ts"))!.slice(0, -3);
const handlerFile = (dir: string) => path.join(dir, "src/handlers", `${fnName(dir)}.ts`);

describe("verify's step cache", () => {
  it("runs every step the first time, then answers an unchanged project from the cache", async () => {
    expect(ran(first)).toEqual(["typecheck", "test", "package", "synth", ...(terraform.available ? ["terraform"] : [])]);
    const again = await verify(copyProject(base));
    expect(ran(again)).toEqual([]);
    // The cached steps report what they found when they ran, and their tools' versions.
    expect(again.steps.map((s) => s.detail)).toEqual(first.steps.map((s) => s.detail));
    expect(again.versions).toMatchObject({ typescript: first.versions.typescript, vitest: first.versions.vitest });
    expect(again.steps.find((s) => s.id === "check")!.cached).toBeUndefined();
  });

  it("sources: a new test reruns typecheck and tests only; a handler change reruns what packages and synthesizes it, a stack change terraform too", async () => {
    const tests = copyProject(base);
    writeFileSync(path.join(tests, "src/lib/extra.test.ts"), 'import { expect, it } from "vitest";\n\nit("adds up", () => {\n  expect(1 + 1).toBe(2);\n});\n');
    expect(ran(await verify(tests))).toEqual(["typecheck", "test"]);

    // The package's bytes change, the configuration does not: validate and the mocked plan never open a package.
    const handler = copyProject(base);
    appendTo(handlerFile(handler), 'export const cacheProbe = "changed";\n');
    const afterHandler = await verify(handler);
    expect(ran(afterHandler)).toEqual(["typecheck", "test", "package", "synth"]);

    const stack = copyProject(base);
    appendTo(path.join(stack, "infra/stack.ts"), "// a change to the stack's source that synthesizes the same stack\n");
    expect(ran(await verify(stack))).toEqual(["typecheck", "test", "synth"]);
    const tagged = copyProject(base);
    edit(path.join(tagged, "infra/stack.ts"), 'ManagedBy: "lambdaform"', 'ManagedBy: "lambdaform", Team: "cache"');
    expect(ran(await verify(tagged))).toEqual(["typecheck", "test", "synth", ...(terraform.available ? ["terraform"] : [])]);
  });

  it("tests: after a pass, a change reruns only the tests it reaches; an unknown reach or a failure runs them all next time", async () => {
    const total = (report: VerifyReport) => (testOf(report).metrics!.vitest as { total: number }).total;
    const everyTest = total(first);
    const dir = copyProject(base);

    appendTo(handlerFile(dir), 'export const cacheProbe = "changed";\n');
    const handler = testOf(await verify(dir));
    expect(handler.detail).toMatch(/^vitest: \d+ tests passed, only those src\/handlers\/[a-z-]+\.ts reaches; the rest passed before/);
    const handlerTests = (handler.metrics!.vitest as { total: number }).total;
    expect(handlerTests).toBeGreaterThan(0);
    expect(handlerTests).toBeLessThan(everyTest);

    // A module every HTTP handler imports reaches more tests than the handler alone.
    appendTo(path.join(dir, "src/lib/http.ts"), 'export const cacheProbe = "changed";\n');
    expect(total(await verify(dir))).toBeGreaterThan(handlerTests);

    // Sample events are read from disk, not imported: an edited one reruns its function's tests.
    const events = path.join(dir, "events", fnName(dir));
    const sample = path.join(events, readdirSync(events).sort()[0]!);
    writeFileSync(sample, JSON.stringify(JSON.parse(readFileSync(sample, "utf8"))) + "\n");
    const event = testOf(await verify(dir));
    expect(event.metrics!.selection).toEqual({ vitest: [`src/handlers/${fnName(dir)}.test.ts`], pytest: [] });
    expect(event.detail).toContain(`only those events/${fnName(dir)}/`);

    // A failing test among those reached fails the step, and drops the pass the next run would build on.
    const test = path.join(dir, `src/handlers/${fnName(dir)}.test.ts`);
    const passing = readFileSync(test, "utf8");
    appendTo(test, 'it("fails on purpose", () => {\n  expect(1).toBe(2);\n});\n');
    expect(testOf(await verify(dir))).toMatchObject({ status: "failed", detail: "1 of " + (handlerTests + 1) + " vitest tests failed" });
    writeFileSync(test, passing);
    expect(total(await verify(dir))).toBe(everyTest);

    // The test set-up script is read by no import: a change there runs everything.
    appendTo(path.join(dir, "scripts/vitest-global-setup.mjs"), "// touched\n");
    const setup = testOf(await verify(dir));
    expect(setup.detail).toMatch(/^vitest: \d+ tests passed$/);
    expect((setup.metrics!.vitest as { total: number }).total).toBe(everyTest);
  }, 300_000);

  it("the lockfile: a new package-lock.json reruns every step that uses the packages; unchanged stacks keep terraform cached", async () => {
    const dir = copyProject(base);
    writeFileSync(path.join(dir, "package-lock.json"), JSON.stringify({ name: "cache-svc", lockfileVersion: 3, requires: true, packages: {} }, null, 2));
    expect(ran(await verify(dir))).toEqual(["typecheck", "test", "package", "synth"]);
  });

  it("tool versions: another installed TypeScript (npm's record of node_modules) reruns the steps that use the packages", async () => {
    const dir = copyProject(base);
    // The same packages, linked one by one, with npm's record of them saying one was reinstalled.
    const shared = await sharedNodeModules();
    rmSync(path.join(dir, "node_modules"));
    mkdirSync(path.join(dir, "node_modules"));
    for (const entry of readdirSync(shared)) if (entry !== ".package-lock.json") symlinkSync(path.join(shared, entry), path.join(dir, "node_modules", entry));
    const record = JSON.parse(readFileSync(path.join(shared, ".package-lock.json"), "utf8"));
    record.packages["node_modules/typescript"].resolved += "#reinstalled";
    writeFileSync(path.join(dir, "node_modules/.package-lock.json"), JSON.stringify(record, null, 2));
    expect(ran(await verify(dir))).toEqual(["typecheck", "test", "package", "synth"]);
  });

  it.runIf(terraform.available)("flags: --require-terraform reruns the terraform step alone; --no-cache reruns every step", async () => {
    const dir = copyProject(base);
    expect(ran(await verify(dir, { requireTerraform: true }))).toEqual(["terraform"]);
    const io = recordingIo();
    expect(await runCli("verify", [dir, "--no-install", "--no-cache", "--json"], { io, cwd: dir })).toBe(0);
    expect(ran(JSON.parse(io.stdout.join("\n")))).toEqual(["typecheck", "test", "package", "synth", "terraform"]);
    // Two verifies, one of them whole: past the default limit on a machine shared with other work.
  }, 300_000);

  it("never keeps or reuses a failure: a step that failed runs again even when a pass with the same inputs was kept", async () => {
    const dir = copyProject(base);
    // A test that fails while a file outside the project exists: same inputs, either outcome.
    const flag = path.join(tempDir(), "fail-now");
    writeFileSync(path.join(dir, "src/lib/outside.test.ts"), `import { existsSync } from "node:fs";\nimport { expect, it } from "vitest";\n\nit("passes unless told", () => {\n  expect(existsSync(${JSON.stringify(flag)})).toBe(false);\n});\n`);
    expect(ran(await verify(dir))).toEqual(["typecheck", "test"]);
    expect(existsSync(path.join(dir, ".lambdaform/cache/test.json"))).toBe(true);

    writeFileSync(flag, "");
    const forced = await verify(dir, { cache: false });
    expect(forced.steps.find((s) => s.id === "test")).toMatchObject({ status: "failed", detail: expect.stringMatching(/^1 of \d+ vitest tests failed$/) });
    expect(existsSync(path.join(dir, ".lambdaform/cache/test.json"))).toBe(false);

    const after = await verify(dir);
    const test = after.steps.find((s) => s.id === "test")!;
    expect(test).toMatchObject({ status: "failed", detail: expect.stringMatching(/^1 of \d+ vitest tests failed$/) });
    expect(test.cached).toBeUndefined();
    rmSync(flag);
  }, 300_000);
});
