import { appendFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import type { VerifyReport } from "../src/verify/types.js";
import { copyProject, generateProject, removeTempDirs } from "./support/project.js";
import { recordingIo } from "./support/io.js";

let base: string;

beforeAll(async () => {
  base = await generateProject("lint-svc");
});
afterAll(removeTempDirs);

async function verify(dir: string): Promise<{ code: number; report: VerifyReport }> {
  const io = recordingIo();
  const code = await runCli("verify", [dir, "--no-install", "--json"], { io, cwd: dir });
  return { code, report: JSON.parse(io.stdout.join("\n")) };
}

describe("verify lints Node projects with Biome in the typecheck step", () => {
  it("fails typecheck (exit 12) on a lint finding, naming Biome and the file", async () => {
    const dir = copyProject(base);
    appendFileSync(path.join(dir, "src/lib/config.ts"), "\nexport function pause(): void {\n  debugger;\n}\n");
    const { code, report } = await verify(dir);
    expect(code).toBe(12);
    const step = report.steps.find((s) => s.id === "typecheck")!;
    expect(step).toMatchObject({ status: "failed", detail: "biome found 1 lint finding" });
    expect(step.command).toBe("node_modules/.bin/biome check --error-on-warnings --colors=off .");
    expect(step.output).toMatch(/src\/lib\/config\.ts.*noDebugger/);
  });

  it("fails typecheck on code Biome would format differently, as generated projects are formatted", async () => {
    const dir = copyProject(base);
    appendFileSync(path.join(dir, "src/lib/config.ts"), "\nexport const   spaced = { a:1 };\n");
    const { code, report } = await verify(dir);
    expect(code).toBe(12);
    expect(report.steps.find((s) => s.id === "typecheck")!.output).toMatch(/src\/lib\/config\.ts format/);
  });

  it("passes a generated project's code as it is, and says a project without biome.json is not linted", async () => {
    const dir = copyProject(base);
    // Stop after typecheck: a failing test step would show typecheck passed.
    appendFileSync(path.join(dir, "src/lib/config.test.ts"), '\nit("stops verify after typecheck", () => expect(1).toBe(2));\n');
    const first = await verify(dir);
    expect(first.report.steps.find((s) => s.id === "typecheck")).toMatchObject({
      status: "passed",
      detail: expect.stringMatching(/; no lint findings \(Biome \d+\.\d+\.\d+\)$/),
    });
    rmSync(path.join(dir, "biome.json"));
    const second = await verify(dir);
    expect(second.report.steps.find((s) => s.id === "typecheck")?.detail).toMatch(/; not linted: no biome\.json$/);
  });
});
