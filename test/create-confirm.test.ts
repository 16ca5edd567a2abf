import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { colourWanted, paint } from "../src/cli/colour.js";
import { runCli } from "../src/cli/main.js";
import type { Prompter } from "../src/cli/prompter.js";
import { ExitCode } from "../src/errors.js";
import { recordingIo } from "./support/io.js";

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), "lf-confirm-"));

/**
 * A terminal user who gave every answer as a flag: they decline to customise settings, answer
 * the confirmation with `answer`, and are asked nothing else.
 */
function confirming(answer: boolean) {
  const asked: string[] = [];
  const refuse = async (q: { message: string }): Promise<never> => {
    throw new Error(`unexpected prompt: ${q.message}`);
  };
  const prompter = {
    input: refuse,
    select: refuse,
    checkbox: refuse,
    confirm: async (q: { message: string; default?: boolean }) => {
      if (q.message.startsWith("Customise")) return false;
      asked.push(`${q.message} (default ${String(q.default)})`);
      return answer;
    },
  } as unknown as Prompter;
  return { prompter, asked };
}

const allGiven = [
  "svc", "--runtime", "python3.13", "--trigger", "http-api", "--http-route", "ANY /{proxy+}", "--trigger", "sqs",
  "--sqs-batch-size", "100", "--resource", "table", "--env", "STAGE=prod", "--no-install",
];

async function createOnTerminal(args: string[], answer: boolean) {
  const cwd = tempDir();
  const io = recordingIo(true);
  const { prompter, asked } = confirming(answer);
  const code = await runCli("create", args, { io, cwd, prompter });
  return { code, io, cwd, asked };
}

describe("create on a terminal shows a summary and asks before writing", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("declining exits 130 and writes nothing", async () => {
    vi.stubEnv("NO_COLOR", "1");
    const { code, io, cwd, asked } = await createOnTerminal(allGiven, false);
    expect(asked).toEqual(["Create it? (default true)"]);
    expect(code).toBe(ExitCode.cancelled);
    expect(readdirSync(cwd)).toEqual([]);
    expect(io.stderr.at(-1)).toBe("lambdaform: cancelled; nothing was written");
  });

  it("summarises the folder, runtime, functions with their triggers, resources, settings and what follows", async () => {
    vi.stubEnv("NO_COLOR", "1");
    const { io } = await createOnTerminal(allGiven, false);
    const summary = io.stdout.join("\n");
    expect(summary).toMatch(/^Create svc in svc \(\d+ files\):$/m);
    expect(summary).toContain("runtime    python3.13 (Python 3.13), region us-east-1");
    expect(summary).toContain("function   api: API Gateway HTTP API; HTTP API route key: ANY /{proxy+}");
    expect(summary).toContain("function   worker: SQS queue; SQS batch size: 100, Seconds to gather a batch: 1");
    expect(summary).toMatch(/resource   .*DynamoDB table/);
    expect(summary).toContain("settings   CPU architecture: arm64, Memory (MB): 256, Timeout (seconds): 10, Log retention (days): 30, X-Ray tracing: on");
    expect(summary).toContain("env        STAGE");
    expect(summary).not.toContain("prod"); // names only: values stay off the screen
    expect(summary).toContain("then       write the files only (--no-install: no install, no checks)");
    expect(summary).not.toContain("\x1b[");
  });

  it("accepting writes the project", async () => {
    const { code, cwd } = await createOnTerminal(allGiven, true);
    expect(code).toBe(0);
    expect(existsSync(path.join(cwd, "svc", "lambdaform.json"))).toBe(true);
  });

  it("--yes skips it, and so do runs without a terminal and dry runs", async () => {
    expect((await createOnTerminal([...allGiven, "--yes"], false)).asked).toEqual([]);
    const dry = await createOnTerminal([...allGiven, "--dry-run"], false);
    expect(dry.asked).toEqual([]);
    expect(dry.code).toBe(0);
    const cwd = tempDir();
    const { prompter, asked } = confirming(false);
    const code = await runCli("create", allGiven, { io: recordingIo(false), cwd, prompter });
    expect(asked).toEqual([]);
    expect(code).toBe(0);
  });

  it("colours the summary on a terminal unless NO_COLOR is set", async () => {
    vi.stubEnv("NO_COLOR", "");
    const { io } = await createOnTerminal(allGiven, false);
    expect(io.stdout.join("\n")).toContain("\x1b[1m");
  });
});

describe("colour", () => {
  it("is wanted on a terminal only, and never with NO_COLOR set to anything", () => {
    expect(colourWanted(true, {})).toBe(true);
    expect(colourWanted(true, { NO_COLOR: "" })).toBe(true);
    expect(colourWanted(true, { NO_COLOR: "1" })).toBe(false);
    expect(colourWanted(true, { NO_COLOR: "false" })).toBe(false);
    expect(colourWanted(false, {})).toBe(false);
  });

  it("paints nothing when off", () => {
    expect(paint(false).bold("x")).toBe("x");
    expect(paint(true).bold("x")).toBe("\x1b[1mx\x1b[22m");
  });
});
