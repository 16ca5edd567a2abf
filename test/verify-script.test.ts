import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { lambdaformBin } from "../src/cli/self.js";
import { commitNewProject } from "../src/fs/commit.js";
import { recordingIo } from "./support/io.js";
import { removeTempDirs, tempDir } from "./support/project.js";
import { renderFor } from "./support/render.js";

/**
 * A generated project's `npm run verify` (scripts/verify.mjs) runs the lambdaform installed on
 * this machine, never the npm registry (the package is not published): through LAMBDAFORM_BIN,
 * `lambdaform` on PATH, or the one recorded when the project was created; else it says how to
 * install one. `--help` is passed on, so each run is lambdaform's real verify, answering fast.
 */

beforeAll(() => {
  if (!existsSync(lambdaformBin)) throw new Error("dist/ is missing: `npm test` builds it first; run `npm run build`");
});
afterAll(removeTempDirs);

/** A folder for PATH holding nothing, so no `lambdaform` is found unless a test puts one there. */
function emptyPath(): string {
  const dir = path.join(tempDir(), "bin");
  mkdirSync(dir);
  return dir;
}

async function npmRunVerify(project: string, env: Record<string, string | undefined>, args = ["--help"]) {
  // What `npm run verify -- --help` runs, without npm in between.
  return execa(process.execPath, ["scripts/verify.mjs", ...args], {
    cwd: project,
    env: { PATH: emptyPath(), LAMBDAFORM_BIN: undefined, ...env },
    extendEnv: false,
    reject: false,
    stdin: "ignore",
  });
}

async function renderedProject(): Promise<string> {
  const dir = path.join(tempDir(), "svc");
  commitNewProject(await renderFor(["svc"]), dir);
  return dir;
}

describe("npm run verify in a generated project", () => {
  it("runs the lambdaform LAMBDAFORM_BIN names, with the arguments given", async () => {
    const result = await npmRunVerify(await renderedProject(), { LAMBDAFORM_BIN: lambdaformBin });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Usage: lambdaform verify \[dir\]/);
  });

  it("runs `lambdaform` from PATH (npm link, npm install -g .), even when the linked bin is not executable", async () => {
    const bin = emptyPath();
    symlinkSync(lambdaformBin, path.join(bin, "lambdaform"));
    const result = await npmRunVerify(await renderedProject(), { PATH: bin });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Usage: lambdaform verify \[dir\]/);
  });

  it("runs the lambdaform that created the project, recorded at create, when none is on PATH", async () => {
    const cwd = tempDir();
    expect(await runCli("create", ["svc", "--yes", "--no-install"], { io: recordingIo(), cwd })).toBe(0);
    const result = await npmRunVerify(path.join(cwd, "svc"), {});
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Usage: lambdaform verify \[dir\]/);
  });

  it("passes lambdaform's exit code on", async () => {
    const cwd = tempDir();
    expect(await runCli("create", ["svc", "--yes", "--no-install"], { io: recordingIo(), cwd })).toBe(0);
    const result = await npmRunVerify(path.join(cwd, "svc"), {}, ["--plugin-dir", "/nonexistent"]);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe("lambdaform: --plugin-dir /nonexistent does not exist");
  });

  it("without any lambdaform, says in one line how to install one (exit 127), and never asks the registry", async () => {
    const result = await npmRunVerify(await renderedProject(), {});
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toBe(
      "verify: lambdaform is not installed here: in a lambdaform clone run `npm install && npm run build && npm install -g .`, " +
        "or set LAMBDAFORM_BIN=<clone>/dist/src/bin/lambdaform.js",
    );
  });

  it("names a LAMBDAFORM_BIN that does not exist, and a recorded creator that is gone", async () => {
    const project = await renderedProject();
    const missing = await npmRunVerify(project, { LAMBDAFORM_BIN: "/nowhere/lambdaform.js" });
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr).toMatch(/^verify: LAMBDAFORM_BIN names \/nowhere\/lambdaform\.js, which does not exist: /);
    mkdirSync(path.join(project, ".lambdaform"));
    writeFileSync(path.join(project, ".lambdaform", "creator.json"), JSON.stringify({ bin: "/gone/lambdaform.js" }));
    const gone = await npmRunVerify(project, {});
    expect(gone.stderr).toMatch(/^verify: lambdaform is not installed here \(the lambdaform that created this project, \/gone\/lambdaform\.js, is gone\): /);
  });

  it("runs a lambdaform on PATH that is a program, not a .js file", async () => {
    const bin = emptyPath();
    const wrapper = path.join(bin, "lambdaform");
    writeFileSync(wrapper, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(lambdaformBin)} "$@"\n`);
    chmodSync(wrapper, 0o755);
    const result = await npmRunVerify(await renderedProject(), { PATH: bin });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Usage: lambdaform verify \[dir\]/);
  });
});
