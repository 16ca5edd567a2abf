import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { toolchainWarning } from "../src/create/toolchain.js";
import { recordingIo } from "./support/io.js";

/** `create <args> --yes --dry-run`: what a user sees, without writing anything. */
async function dryRun(args: string[]) {
  const io = recordingIo();
  const code = await runCli("create", ["svc", "--yes", "--dry-run", ...args], { io, cwd: mkdtempSync(path.join(os.tmpdir(), "lf-warn-")) });
  return { code, warnings: io.stderr.filter((line) => line.includes("warning")) };
}

describe("warnings: taken as asked, said in one line, exit code unchanged", () => {
  it("--reserved-concurrency 0 is accepted, with the reason it is probably not meant", async () => {
    const { code, warnings } = await dryRun(["--reserved-concurrency", "0"]);
    expect(code).toBe(0);
    expect(warnings).toEqual(["lambdaform: warning: --reserved-concurrency 0 switches the functions off: AWS throttles every invocation, so they never run"]);
    expect((await dryRun(["--reserved-concurrency", "5"])).warnings).toEqual([]);
  });

  it("says when it derived the SQS batching window, and only then", async () => {
    const derived = await dryRun(["--trigger", "sqs", "--sqs-batch-size", "100"]);
    expect(derived.code).toBe(0);
    expect(derived.warnings).toEqual([
      "lambdaform: warning: --sqs-batch-window set to 1 second: Lambda needs a batching window for --sqs-batch-size 100 (above 10)",
    ]);
    expect((await dryRun(["--trigger", "sqs", "--sqs-batch-size", "100", "--sqs-batch-window", "5"])).warnings).toEqual([]);
    expect((await dryRun(["--trigger", "sqs", "--sqs-batch-size", "10"])).warnings).toEqual([]);
  });

  it("with --json, keeps stdout JSON: warnings go to stderr", async () => {
    const io = recordingIo();
    const code = await runCli("create", ["svc", "--yes", "--dry-run", "--json", "--reserved-concurrency", "0"], { io, cwd: mkdtempSync(path.join(os.tmpdir(), "lf-warn-")) });
    expect(code).toBe(0);
    expect(JSON.parse(io.stdout.join("\n")).dryRun).toBe(true);
    expect(io.stderr).toHaveLength(1);
  });
});

describe("toolchain warning", () => {
  it("names the runtime and the local version when they differ", () => {
    expect(toolchainWarning("python3.13", { node: "20.20.2", python: "3.11" })).toBe(
      "python3.13 project tested with the local Python 3.11: pytest runs on 3.11, Lambda runs 3.13; differences show only once deployed",
    );
    expect(toolchainWarning("nodejs24.x", { node: "20.20.2" })).toBe(
      "nodejs24.x project checked with the local Node 20.20.2: its tests run on Node 20, Lambda runs Node 24; differences show only once deployed",
    );
  });

  it("says nothing when they match, or when python3 is missing (the install step says that)", () => {
    expect(toolchainWarning("python3.13", { node: "20.20.2", python: "3.13" })).toBeUndefined();
    expect(toolchainWarning("nodejs22.x", { node: "22.4.0" })).toBeUndefined();
    expect(toolchainWarning("python3.12", { node: "20.20.2" })).toBeUndefined();
  });
});
