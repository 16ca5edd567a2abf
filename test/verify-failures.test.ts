import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa, execaSync } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { CancelledError } from "../src/errors.js";
import { verifyProject } from "../src/verify/run.js";
import type { StepId, VerifyReport } from "../src/verify/types.js";
import { copyProject, edit, formatLikeAUser, generateProject, removeTempDirs, tempDir } from "./support/project.js";
import { recordingIo } from "./support/io.js";
import { setupTerraform } from "./support/terraform.js";

const terraform = setupTerraform();
const onPath = (program: string) => execaSync("sh", ["-c", `command -v ${program}`], { reject: false }).exitCode === 0;
let base: string;

beforeAll(async () => {
  base = await generateProject("broken-svc");
});
afterAll(removeTempDirs);

/** `lambdaform verify <dir> --no-install --json` as a user runs it: the exit code and the report. */
async function verify(dir: string): Promise<{ code: number; report: VerifyReport; stderr: string }> {
  const io = recordingIo();
  const code = await runCli("verify", [dir, "--no-install", "--json"], { io, cwd: dir });
  return { code, report: JSON.parse(io.stdout.join("\n")), stderr: io.stderr.join("\n") };
}

/**
 * The failing step is `id`, every step before it passed (install: skipped), and every step
 * after it either did not run (not started, or stopped when `id` failed) or, being independent
 * of `id` and run beside it, passed.
 */
function expectFailedAt(report: VerifyReport, id: StepId) {
  const at = report.steps.findIndex((s) => s.id === id);
  const summary = report.steps.map((s) => `${s.id} ${s.status}: ${s.detail}`).join("\n");
  expect(report.ok).toBe(false);
  expect(report.steps[at]!.status, summary).toBe("failed");
  expect(report.steps[0]!.status).toBe("skipped");
  for (const step of report.steps.slice(1, at)) expect(step.status, summary).toBe("passed");
  // package → synth → check → terraform: what comes after a failed link of the chain never passes.
  const chain: StepId[] = ["package", "synth", "check", "terraform"];
  const after = chain.includes(id) ? chain.slice(chain.indexOf(id) + 1) : [];
  for (const step of report.steps.slice(at + 1)) {
    if (after.includes(step.id)) expect(step.status, summary).toBe("skipped");
    if (step.status !== "passed") expect(step, summary).toMatchObject({ status: "skipped", detail: expect.stringMatching(new RegExp(`^(not run|stopped): ${id} failed$`)) });
  }
  return report.steps[at]!;
}

describe("lambdaform verify on broken projects", () => {
  it("fails typecheck (exit 12) on a handler that does not type-check", async () => {
    const dir = copyProject(base);
    edit(path.join(dir, "src/handlers/api.ts"), "context.awsRequestId,", "context.getRemainingTimeInMillis(),");
    const { code, report, stderr } = await verify(dir);
    expect(code).toBe(12);
    const step = expectFailedAt(report, "typecheck");
    expect(step.detail).toBe("tsc found 1 type error");
    expect(step.command).toBe("node_modules/.bin/tsc --noEmit");
    expect(step.output).toMatch(/src\/handlers\/api\.ts\(\d+,\d+\): error TS2345/);
    expect(stderr).toMatch(/✗ typecheck .*tsc found 1 type error\n {4}\$ node_modules\/\.bin\/tsc --noEmit\n {4}│ src\/handlers\/api\.ts/);
  });

  it("fails test (exit 13) when a unit test fails", async () => {
    const dir = copyProject(base);
    writeFileSync(
      path.join(dir, "src/handlers/broken.test.ts"),
      'import { expect, it } from "vitest";\n\nit("adds up on purpose", () => {\n  expect(1 + 1).toBe(3);\n});\n',
    );
    const { code, report } = await verify(dir);
    expect(code).toBe(13);
    const step = expectFailedAt(report, "test");
    expect(step.detail).toMatch(/^1 of \d+ vitest tests failed$/);
    expect(step.command).toBe("node_modules/.bin/vitest run --no-cache");
    expect(step.output).toContain("1 failed");
    expect(step.output).toContain("adds up on purpose");
  });

  it("fails package (exit 14) when a zip depends on the sources' file times", async () => {
    const dir = copyProject(base);
    const script = path.join(dir, "scripts/package.mjs");
    edit(script, 'import { existsSync, mkdirSync, readdirSync } from "node:fs";', 'import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";');
    edit(
      script,
      '{ name: "index.mjs", data: bundle.contents },',
      '{ name: "index.mjs", data: bundle.contents },\n' +
        '        { name: "built-from", data: Buffer.from(String(statSync(path.join(handlersDir, `${name}.ts`)).mtimeMs)) },',
    );
    formatLikeAUser(dir, "scripts/package.mjs");
    const { code, report } = await verify(dir);
    expect(code).toBe(14);
    const step = expectFailedAt(report, "package");
    expect(step.detail).toBe("not reproducible: dist/functions/api.zip changed when only file times changed");
  });

  it("packages again in a scratch copy: the project, and files it links to outside, keep their times", async () => {
    const dir = copyProject(base);
    // A source linked from outside the project, imported by the handler, and a link inside it.
    const outside = path.join(tempDir(), "shared");
    mkdirSync(outside);
    writeFileSync(path.join(outside, "greeting.ts"), 'export const greeting = "hello from outside";\n');
    symlinkSync(path.relative(path.join(dir, "src/lib"), path.join(outside, "greeting.ts")), path.join(dir, "src/lib/greeting.ts"));
    symlinkSync("items.ts", path.join(dir, "src/lib/items-alias.ts"));
    edit(path.join(dir, "src/handlers/api.ts"), 'import { logger } from "../lib/logger";', 'import { logger } from "../lib/logger";\nimport { greeting } from "../lib/greeting";\nlogger.debug(greeting);');
    formatLikeAUser(dir, "src/handlers/api.ts");
    const times = (root: string) =>
      Object.fromEntries(
        readdirSync(root, { recursive: true, encoding: "utf8" })
          .filter((f) => !["node_modules", "dist", "cdktf.out", ".lambdaform"].includes(f.split(path.sep)[0]!))
          .map((f) => {
            // ctime too: putting a file's time back after changing it still changes its ctime.
            const stat = statSync(path.join(root, f));
            return [f, `mtime ${stat.mtimeMs}, ctime ${stat.ctimeMs}`];
          }),
      );
    const before = { project: times(dir), outside: times(outside) };
    const scratchRoot = mkdtempSync(path.join(os.tmpdir(), "lambdaform-test-tmp-"));
    const tmpdir = process.env.TMPDIR;
    process.env.TMPDIR = scratchRoot;
    try {
      const { code, report } = await verify(dir);
      const step = report.steps.find((s) => s.id === "package")!;
      expect(code, `${step.status}: ${step.detail}`).toBe(0);
      expect(step.detail).toMatch(/^1 zip, byte-identical when rebuilt with new file times: api\.zip \d+\.\d KiB$/);
      expect(readdirSync(scratchRoot).filter((f) => f.startsWith("lambdaform-package-"))).toEqual([]);
    } finally {
      if (tmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpdir;
      rmSync(scratchRoot, { recursive: true, force: true });
    }
    expect({ project: times(dir), outside: times(outside) }).toEqual(before);
    expect(readlinkSync(path.join(dir, "src/lib/items-alias.ts"))).toBe("items.ts");
  });

  it("fails synth (exit 15) when the app throws", async () => {
    const dir = copyProject(base);
    edit(path.join(dir, "infra/main.ts"), "app.synth();", 'if (!process.env.NEVER_SET) throw new Error("stack broken on purpose");\napp.synth();');
    const { code, report } = await verify(dir);
    expect(code).toBe(15);
    const step = expectFailedAt(report, "synth");
    expect(step.detail).toBe("scripts/synth.mjs failed (exit code 1)");
    expect(step.command).toBe("node scripts/synth.mjs");
    expect(step.output).toContain("stack broken on purpose");
  });

  it("fails synth (exit 15) in one line naming infra/main.ts when infra/ is gone, not with esbuild's stack", async () => {
    const dir = copyProject(base);
    rmSync(path.join(dir, "infra"), { recursive: true });
    const { code, report, stderr } = await verify(dir);
    expect(code).toBe(15);
    const step = expectFailedAt(report, "synth");
    expect(step).toMatchObject({ detail: `infra/main.ts is missing from ${dir}: synth needs it; restore it from version control (or create the project again)` });
    expect(step.output).toBeUndefined();
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it("lambdaform synth with infra/ gone: exit 15 and one line", async () => {
    const dir = copyProject(base);
    rmSync(path.join(dir, "infra"), { recursive: true });
    const io = recordingIo();
    expect(await runCli("synth", [dir], { io, cwd: dir })).toBe(15);
    expect(io.stderr).toEqual([`lambdaform: infra/main.ts is missing from ${dir}: synth needs it; restore it from version control (or create the project again)`]);
  });

  it.skipIf(!onPath("terraform"))(
    "--require-terraform fails (exit 17) where Terraform finds no provider, saying the CLI config it names does not exist",
    async () => {
      const dir = copyProject(base);
      const missing = path.join(tempDir(), "terraformrc");
      // Offline for sure: with no config Terraform would try the registry, through a proxy that refuses.
      const saved = { config: process.env.TF_CLI_CONFIG_FILE, proxy: process.env.HTTPS_PROXY };
      Object.assign(process.env, { TF_CLI_CONFIG_FILE: missing, HTTPS_PROXY: "http://127.0.0.1:9" });
      try {
        const io = recordingIo();
        const code = await runCli("verify", [dir, "--no-install", "--json", "--require-terraform"], { io, cwd: dir });
        const report: VerifyReport = JSON.parse(io.stdout.join("\n"));
        expect(code).toBe(17);
        const step = expectFailedAt(report, "terraform");
        expect(step.detail).toMatch(/^required \(--require-terraform\) but could not run: no aws provider installable offline \(aws [\d.]+, then >= 5\.0, < 7\.0\): /);
        expect(step.detail).toContain(
          `: TF_CLI_CONFIG_FILE names ${missing}, which does not exist: write a CLI config with a filesystem_mirror (see README "Terraform checks") or pass --plugin-dir`,
        );
        expect(io.stderr.at(-1)).toMatch(/^verify failed at terraform \(exit 17\)/);
      } finally {
        for (const [name, value] of [["TF_CLI_CONFIG_FILE", saved.config], ["HTTPS_PROXY", saved.proxy]] as const) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
    },
  );

  it("fails check (exit 16) when a synthesized function's package is missing", async () => {
    const dir = copyProject(base);
    edit(path.join(dir, "infra/stack.ts"), /(const api = new ServiceFunction\([^;]+;)/, '$1\n    api.function.addOverride("filename", "assets/missing/api.zip");');
    const { code, report } = await verify(dir);
    expect(code).toBe(16);
    const step = expectFailedAt(report, "check");
    expect(step.detail).toBe("function broken-svc-api: its package assets/missing/api.zip does not exist (run the package step before synth)");
  });

  it.skipIf(!terraform.available)(
    `fails terraform (exit 17) on an attribute the provider rejects${terraform.available ? "" : ` [skipped: ${terraform.reason}]`}`,
    async () => {
      const dir = copyProject(base);
      edit(path.join(dir, "infra/stack.ts"), /(const api = new ServiceFunction\([^;]+;)/, '$1\n    api.function.addOverride("ephemeral_storage", { size: 1 });');
      const { code, report } = await verify(dir);
      expect(code).toBe(17);
      const step = expectFailedAt(report, "terraform");
      expect(step.detail).toMatch(/^terraform validate: /);
      expect(step.output).toMatch(/ephemeral_storage\.0\.size to be in the range \(512 - 10240\)/);
    },
  );

  it("says node_modules is missing when install was skipped (exit 12)", async () => {
    const dir = copyProject(base);
    rmSync(path.join(dir, "node_modules"));
    const { code, report } = await verify(dir);
    expect(code).toBe(12);
    expect(report.steps[0]!.detail).toBe("skipped npm install (--no-install); node_modules is missing, so later steps will fail");
    expect(report.steps[1]).toMatchObject({ status: "failed", detail: `node_modules is missing: run \`npm install\` in ${dir} (verify ran with --no-install)` });
  });

  it("fails a step that runs past its time limit, naming the command", async () => {
    const report = await verifyProject({ dir: base, install: false, io: recordingIo(), json: true, timeouts: { typecheck: 0.2 } });
    expect(report.steps[1]).toMatchObject({ id: "typecheck", status: "failed", detail: "timed out after 0.2 s", command: "node_modules/.bin/tsc --noEmit" });
  });

  it("stops at Ctrl-C, kills the running command and leaves the project as it was", async () => {
    const dir = copyProject(base);
    const before = readFileSync(path.join(dir, "src/handlers/api.ts"), "utf8");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    await expect(verifyProject({ dir, install: false, io: recordingIo(), json: false, signal: controller.signal })).rejects.toThrow(CancelledError);
    expect(Date.now() - started).toBeLessThan(2500);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { stdout } = await execa("ps", ["-eo", "args"]);
    expect(stdout.split("\n").filter((line) => line.includes(dir))).toEqual([]);
    expect(readFileSync(path.join(dir, "src/handlers/api.ts"), "utf8")).toBe(before);
  });
});
