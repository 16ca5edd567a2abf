import { rmSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { copyProject, edit, generateProject, removeTempDirs } from "./support/project.js";

/** A generated project's own synth reports a broken stack in one line per problem, never a stack trace. */
afterAll(removeTempDirs);

const stackTrace = /^\s+at .+:\d+:\d+\)?$/m;

describe("npm run synth in a generated project", () => {
  it("names the file and line of a syntax error in infra/, without a stack trace", async () => {
    const dir = copyProject(await generateProject("synth-errors", ["--trigger", "sqs"]));
    edit(path.join(dir, "infra/stack.ts"), /$/, "\nconst broken: = 1;\n");
    const result = await execa("node", ["scripts/synth.mjs"], { cwd: dir, reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/infra\/stack\.ts:\d+:\d+:/);
    expect(result.stderr).not.toMatch(stackTrace);
  });

  it("says in one line that the packages are missing; --stack shows where", async () => {
    const dir = copyProject(await generateProject("synth-errors", ["--trigger", "sqs"]));
    rmSync(path.join(dir, "dist"), { recursive: true, force: true });
    const result = await execa("node", ["scripts/synth.mjs"], { cwd: dir, reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toBe("synth: dist/functions/worker.zip is missing: run `npm run build` before synth");
    const traced = await execa("node", ["scripts/synth.mjs", "--stack"], { cwd: dir, reject: false });
    expect(traced.stderr).toMatch(stackTrace);
  });
});
