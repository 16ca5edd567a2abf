import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../src/errors.js";
import { packageRoot } from "../src/paths.js";

const enter = "\r";
const down = "\x1b[B";
const space = " ";
const ctrlC = "\x03";

interface PtyRun {
  exit: number;
  /** What the program wrote, ANSI escapes removed. */
  output: string;
  /** The same, escapes included. */
  raw: string;
  failed_step: number | null;
}

/** Runs `create-lambdaform` under a real pseudo-terminal, answering its prompts as a person would. */
function inPty(args: string[], steps: { expect: string; send: string }[], cwd: string, env: Record<string, string> = {}): PtyRun {
  const argv = [path.join(packageRoot, "node_modules/.bin/tsx"), path.join(packageRoot, "src/bin/create-lambdaform.ts"), ...args];
  const spec = JSON.stringify({ argv, cwd, steps, timeout: 60, env });
  const out = execFileSync("python3", [path.join(packageRoot, "test/support/pty_driver.py"), spec], { encoding: "utf8" });
  return JSON.parse(out) as PtyRun;
}

describe("interactive create under a pseudo-terminal", () => {
  it("asks for what flags did not give, with defaults, and writes what was answered", () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), "lf-pty-"));
    const run = inPty(
      ["--no-install", "--no-verify"],
      [
        { expect: "Project folder", send: "orders" + enter },
        { expect: "Runtime", send: down + down + down + enter }, // python3.13
        { expect: "Triggers", send: down + down + down + down + space + enter }, // http-api (pre-checked) + sqs
        { expect: "HTTP API route key", send: enter },
        { expect: "SQS batch size", send: "500" + enter },
        { expect: "Resources", send: space + enter }, // table
        { expect: "Customise", send: "y" + enter },
        { expect: "AWS region", send: "\x7f".repeat(12) + "eu-west-1" + enter },
        { expect: "CPU architecture", send: enter },
        { expect: "Memory", send: "\x7f".repeat(6) + "512" + enter },
        { expect: "Timeout", send: enter },
        { expect: "Log retention", send: enter },
        { expect: "X-Ray tracing", send: "n" + enter },
        { expect: "Create it\\?", send: enter }, // the default: yes
      ],
      cwd,
    );
    expect(run.output).toMatch(/Create orders in orders \(\d+ files\):/);
    expect(run.failed_step, run.output).toBeNull();
    expect(run.exit, run.output).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(cwd, "orders", "lambdaform.json"), "utf8"));
    expect(manifest.spec).toMatchObject({
      name: "orders",
      runtime: "python3.13",
      region: "eu-west-1",
      resources: [{ type: "table", name: "table", functions: ["api", "worker"] }],
      settings: { memory: 512, tracing: false, arch: "arm64" },
    });
    expect(manifest.spec.functions.map((f: { trigger: string }) => f.trigger)).toEqual(["http-api", "sqs"]);
    expect(manifest.spec.functions[1].options).toEqual({ batchSize: 500, batchWindow: 1 });
  });

  it("shows a summary before writing; declining exits 130 and writes nothing", () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), "lf-pty-"));
    const args = ["svc", "--runtime", "nodejs22.x", "--trigger", "sqs", "--sqs-batch-size", "5", "--resource", "queue", "--env", "STAGE=prod", "--no-install"];
    const run = inPty(
      args,
      [
        { expect: "Customise", send: enter },
        { expect: "Create it\\?", send: "n" + enter },
      ],
      cwd,
    );
    expect(run.failed_step, run.output).toBeNull();
    expect(run.exit, run.output).toBe(ExitCode.cancelled);
    expect(readdirSync(cwd)).toEqual([]);
    expect(run.output).toMatch(/Create svc in svc \(\d+ files\):/);
    expect(run.output).toMatch(/runtime +nodejs22\.x \(Node\.js 22 \(TypeScript\)\), region us-east-1/);
    expect(run.output).toMatch(/function +worker: SQS queue; SQS batch size: 5/);
    expect(run.output).toMatch(/env +STAGE/);
    expect(run.output).toMatch(/cancelled; nothing was written/);
    // Coloured on a terminal...
    expect(run.raw).toContain("\x1b[1mCreate ");
  });

  it("prints the summary without colour when NO_COLOR is set, and --yes asks nothing", () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), "lf-pty-"));
    const args = ["svc", "--runtime", "nodejs22.x", "--trigger", "sqs", "--sqs-batch-size", "5", "--resource", "queue", "--no-install"];
    const run = inPty(args, [{ expect: "Customise", send: enter }, { expect: "Create it\\?", send: ctrlC }], cwd, { NO_COLOR: "1" });
    expect(run.failed_step, run.output).toBeNull();
    expect(run.raw).toMatch(/\nCreate svc in svc/);
    expect(run.raw).not.toContain("\x1b[1mCreate ");
    expect(readdirSync(cwd)).toEqual([]);
    const yes = inPty([...args, "--yes"], [], cwd);
    expect(yes.exit, yes.output).toBe(0);
    expect(yes.output).not.toMatch(/Create it\?/);
    expect(existsSync(path.join(cwd, "svc", "lambdaform.json"))).toBe(true);
  });

  it("validates as the user types: an out-of-range value is refused at the prompt", () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), "lf-pty-"));
    const run = inPty(
      ["svc", "--runtime", "nodejs22.x", "--trigger", "sqs", "--resource", "queue", "--no-install", "--no-verify"],
      [
        { expect: "SQS batch size", send: "\x7f\x7f\x7f" + "0" + enter },
        { expect: "must be at least 1", send: "\x7f" + "20000" + enter },
        { expect: "must be at most 10000", send: ctrlC },
      ],
      cwd,
    );
    expect(run.failed_step, run.output).toBeNull();
    expect(run.exit).toBe(ExitCode.cancelled);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("refuses a taken folder at the folder prompt, before any other question", () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), "lf-pty-"));
    mkdirSync(path.join(cwd, "taken"));
    writeFileSync(path.join(cwd, "taken", "notes.txt"), "mine");
    const run = inPty(
      [],
      [
        { expect: "Project folder", send: "taken" + enter },
        { expect: "is not empty", send: "\x7f".repeat(5) + "fresh" + enter },
        { expect: "Runtime", send: ctrlC },
      ],
      cwd,
    );
    expect(run.failed_step, run.output).toBeNull();
    expect(readdirSync(path.join(cwd, "taken"))).toEqual(["notes.txt"]);
  });

  it("Ctrl-C at a prompt exits 130 and writes nothing", () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), "lf-pty-"));
    const run = inPty(["svc"], [{ expect: "Runtime", send: ctrlC }], cwd);
    expect(run.failed_step, run.output).toBeNull();
    expect(run.exit).toBe(ExitCode.cancelled);
    expect(existsSync(path.join(cwd, "svc"))).toBe(false);
    expect(run.output).toMatch(/cancelled/);
  });
});
