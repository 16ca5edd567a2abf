import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execaSync } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import type { VerifyReport } from "../src/verify/types.js";
import { generateProject, removeTempDirs, tempDir } from "./support/project.js";
import { recordingIo } from "./support/io.js";
import { setupTerraform } from "./support/terraform.js";

const terraform = setupTerraform();
let dir: string;

beforeAll(async () => {
  dir = await generateProject("verify-py", ["--runtime", "python3.13"]);
});
afterAll(removeTempDirs);

async function verify(env: Record<string, string> = {}): Promise<{ code: number; report: VerifyReport }> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    const io = recordingIo();
    const code = await runCli("verify", [dir, "--no-install", "--json"], { io, cwd: dir });
    return { code, report: JSON.parse(io.stdout.join("\n")) };
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe("lambdaform verify on a Python project (http-api, python3.13)", () => {
  it("runs vitest for the stack and pytest for the handlers, and passes", async () => {
    const { code, report } = await verify();
    const summary = report.steps.map((s) => `${s.id} ${s.status}: ${s.detail}`).join("\n");
    expect(code, summary).toBe(0);
    const test = report.steps.find((s) => s.id === "test")!;
    expect(test.detail).toMatch(/^vitest: \d+ tests passed; pytest: \d+ tests passed$/);
    expect((test.metrics!.pytest as { passed: number }).passed).toBeGreaterThan(0);
    expect(report.versions).toMatchObject({ python: expect.stringMatching(/^3\./), pytest: expect.any(String), boto3: expect.any(String) });
    expect(report.steps.find((s) => s.id === "terraform")!.status).toBe(terraform.available ? "passed" : "skipped");
    expect(report.steps.find((s) => s.id === "typecheck")!.detail).toMatch(/; Python: no type errors \(Pyright 1\.1\.\d+, strict\)$/);
    expect(report.versions.pyright).toMatch(/^1\.1\.\d+$/);
  });

  it("fails typecheck (exit 12) when Pyright's strict mode finds a type error in the Python code", async () => {
    const file = path.join(dir, "src", "app", "lib", "config.py");
    const original = readFileSync(file, "utf8");
    writeFileSync(file, `${original}\n\ndef page_size() -> int:\n    return optional_env("PAGE_SIZE", "25")\n`);
    try {
      const { code, report } = await verify();
      expect(code).toBe(12);
      expect(report.steps[1]).toMatchObject({ id: "typecheck", status: "failed", detail: "pyright found 1 type error", command: "node_modules/.bin/pyright" });
      expect(report.steps[1]!.output).toContain("config.py");
    } finally {
      writeFileSync(file, original);
    }
  });

  it("fails install (exit 11) with the command that installs missing test tools", async () => {
    // A python3 without site-packages: pytest and boto3 are really missing for it.
    const real = execaSync("python3", ["-c", "import sys; print(sys.executable)"]).stdout.trim();
    const bin = tempDir();
    writeFileSync(path.join(bin, "python3"), `#!/bin/sh\nexec ${JSON.stringify(real)} -S "$@"\n`);
    chmodSync(path.join(bin, "python3"), 0o755);
    const { code, report } = await verify({ PATH: `${bin}${path.delimiter}${process.env.PATH}` });
    expect(code).toBe(11);
    expect(report.steps[0]).toMatchObject({
      id: "install",
      status: "failed",
      detail: `Python test tools are missing: run \`python3 -m pip install -r requirements-dev.txt\` in ${dir}`,
      command: 'python3 -c "import pytest, boto3"',
    });
    expect(report.steps[0]!.output).toContain("ModuleNotFoundError");
  });
});
