import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { catalogFlags } from "../src/cli/create-flags.js";
import { runCli } from "../src/cli/main.js";
import { ExitCode } from "../src/errors.js";
import { triggers } from "../src/catalog/triggers/index.js";
import { recordingIo } from "./support/io.js";

/** Values nobody should type, but someone will: each must end in a one-line reason or be taken. */
const hostile = [
  "", " ", "-1", "-0", "0", "1e3", "99999999999999999999", "NaN", "\u0000", "\n", "line\nbreak", "é", "${a}", "{",
  "[]", "null", "*/", "x".repeat(5000), "cron(99 99 * * ? *)", "rate(0 minutes)", "at(2030-02-30T00:00:00)", "GET /{",
];

/** The trigger a flag belongs to, so the run chooses it (a flag for another trigger is a usage error). */
const triggerOf = (flag: string) => triggers.find((t) => t.options.some((o) => o.flag === flag))?.id;

/** Runs `create svc --yes --dry-run <args>` and checks what any user error must look like. */
async function expectOneLineOrSuccess(cwd: string, args: string[]): Promise<void> {
  const io = recordingIo();
  const code = await runCli("create", ["svc", "--yes", "--dry-run", ...args], { io, cwd });
  const what = `${JSON.stringify(args).slice(0, 80)}: ${io.stderr.join(" | ").slice(0, 300)}`;
  expect([ExitCode.ok, ExitCode.usage, ExitCode.invalidValue], what).toContain(code);
  const errors = io.stderr.filter((line) => !line.startsWith("lambdaform: warning: "));
  expect(errors.length, what).toBeLessThanOrEqual(1);
  for (const line of errors) {
    expect(line, what).not.toContain("\n");
    expect(line, what).not.toMatch(/internal error/);
    expect(line.length, what).toBeLessThan(400);
  }
}

describe("every flag with hostile values", () => {
  const flags = [...catalogFlags().values()].filter((def) => def.type !== "boolean");
  it.each(flags.map((def) => [def.flag]))("--%s: exit 0, 2 or 3, one line, never an internal error", async (flag) => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), "lf-hostile-"));
    const trigger = triggerOf(flag);
    for (const value of hostile) await expectOneLineOrSuccess(cwd, [...(trigger ? ["--trigger", trigger] : []), `--${flag}=${value}`]);
  });

  it.each(["env", "trigger", "resource"])("--%s: exit 0, 2 or 3, one line, never an internal error", async (flag) => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), "lf-hostile-"));
    const values = flag === "env" ? [...hostile, ...hostile.map((v) => `KEY=${v}`), "=", "A=", "=B", "1A=x", "A B=c"] : hostile;
    for (const value of values) await expectOneLineOrSuccess(cwd, [`--${flag}=${value}`]);
  });
});
