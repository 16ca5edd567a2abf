import { existsSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import type { VerifyReport } from "../src/verify/types.js";
import { generateProject, removeTempDirs, tempDir } from "./support/project.js";
import { recordingIo } from "./support/io.js";
import { processTable } from "./support/processes.js";
import { setupTerraform, type TerraformSetup } from "./support/terraform.js";

/** Every file a user wrote or generated (build output aside), with its bytes and time. */
function sources(dir: string, rel = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(path.join(dir, rel))) {
    if (["node_modules", "dist", "cdktf.out", ".lambdaform"].includes(entry)) continue;
    const file = path.join(rel, entry);
    const stat = statSync(path.join(dir, file));
    if (stat.isDirectory()) Object.assign(out, sources(dir, file));
    else out[file] = `${Math.round(stat.mtimeMs)} ${readFileSync(path.join(dir, file), "utf8")}`;
  }
  return out;
}

/** Command lines of this machine's processes that mention `text`. */
function processesRunning(text: string): string[] {
  return processTable()
    .map((p) => p.args)
    .filter((args) => args.includes(text));
}

describe("lambdaform verify on a default project (http-api, nodejs24.x)", () => {
  let dir: string;
  let terraform: TerraformSetup;
  let report: VerifyReport;
  let code: number;
  let stderr: string[];
  let before: Record<string, string>;

  beforeAll(async () => {
    terraform = setupTerraform();
    dir = await generateProject("verify-svc");
    before = sources(dir);
    const io = recordingIo();
    code = await runCli("verify", [dir, "--no-install", "--json"], { io, cwd: dir });
    report = JSON.parse(io.stdout.join("\n"));
    stderr = io.stderr;
  });
  afterAll(removeTempDirs);

  it("passes every step it runs and exits 0", () => {
    const statuses = Object.fromEntries(report.steps.map((s) => [s.id, `${s.status}: ${s.detail}`]));
    expect(code, JSON.stringify(statuses, null, 2)).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => s.id)).toEqual(["install", "typecheck", "test", "package", "synth", "check", "terraform", "emulate"]);
    expect(report.steps[0]).toMatchObject({ id: "install", status: "skipped", detail: expect.stringContaining("--no-install") });
    for (const step of report.steps.slice(1, 6)) expect(step.status, `${step.id}: ${step.detail}`).toBe("passed");
  });

  it("reports what each step measured", () => {
    const step = (id: string) => report.steps.find((s) => s.id === id)!;
    expect(step("typecheck").detail).toMatch(/no type errors \(TypeScript \d+\.\d+\.\d+\)/);
    const vitest = step("test").metrics!.vitest as { passed: number; failed: number; total: number };
    expect(vitest.passed).toBeGreaterThan(0);
    expect(vitest).toMatchObject({ failed: 0, total: vitest.passed });
    expect(step("package").detail).toMatch(/^1 zip, byte-identical when rebuilt with new file times: api\.zip \d+\.\d KiB$/);
    expect(step("package").metrics!.zips).toEqual([{ file: "dist/functions/api.zip", bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(step("synth").detail).toMatch(/^1 stack \(verify-svc\), \d+ resources in \d+\.\d\d s/);
    if (existsSync("/usr/bin/time")) expect(step("synth").metrics!.peakRssMb).toBeGreaterThan(10);
    expect(step("check").detail).toMatch(/^1 function with role, log group, package and trigger wiring/);
    for (const s of report.steps) expect(s.durationMs).toBeGreaterThanOrEqual(0);
    expect(report.versions).toMatchObject({ node: process.version, typescript: expect.any(String), vitest: expect.any(String) });
  });

  it("validates and plans with Terraform offline, or says why it could not", () => {
    const step = report.steps.find((s) => s.id === "terraform")!;
    if (!terraform.available) {
      // Visible in the report: this machine cannot run the step.
      console.warn(`terraform step skipped here: ${terraform.reason}`);
      expect(step.status).toBe("skipped");
      expect(step.detail).toMatch(/terraform is not on PATH|no aws provider installable offline/);
      return;
    }
    expect(step.status, step.detail).toBe("passed");
    expect(step.detail).toMatch(/^terraform \d+\.\d+\.\d+, aws provider \d+\.\d+\.\d+: init, validate and a mocked plan passed offline/);
    const provider = report.versions["aws-provider"]!;
    expect(provider).toMatch(/^\d+\.\d+\.\d+$/);
    expect(report.versions.terraform).toMatch(/^\d+\.\d+\.\d+$/);
    if (provider !== "6.25.0") expect(step.detail).toContain(`aws 6.25.0 is not installable offline; used ${provider}`);
    if (provider.startsWith("5.")) expect(step.detail).toContain(`provider ${provider} predates nodejs24.x; validated with nodejs22.x in a scratch copy`);
  });

  it.skipIf(!setupTerraform().available)(
    "swaps what the catalog knows the provider lacks before its first run, and remembers what it finds",
    async () => {
      const provider = report.versions["aws-provider"]!;
      const saved = process.env.XDG_CACHE_HOME;
      process.env.XDG_CACHE_HOME = tempDir();
      const memoryFile = path.join(process.env.XDG_CACHE_HOME, "lambdaform/provider-gaps.json");
      const stackSource = path.join(dir, "infra/stack.ts");
      const original = readFileSync(stackSource, "utf8");
      const { atime, mtime } = statSync(stackSource);
      try {
        const terraformOf = async () => {
          const io = recordingIo();
          expect(await runCli("verify", [dir, "--no-install", "--no-cache", "--json"], { io, cwd: dir })).toBe(0);
          return (JSON.parse(io.stdout.join("\n")) as VerifyReport).steps.find((s) => s.id === "terraform")!;
        };
        // Nothing remembered: a provider older than 6.19.0 gets nodejs22.x from the catalog's facts, in one run.
        const first = await terraformOf();
        expect(first.metrics!.planRuns).toBe(1);
        if (provider.startsWith("5.")) expect(first.detail).toContain(`provider ${provider} predates nodejs24.x; validated with nodejs22.x in a scratch copy`);
        expect(existsSync(memoryFile)).toBe(false);

        // A runtime no provider here knows and the catalog has no fact for: the first run finds it,
        // the second passes with the swap, and the next verify swaps it before its first run.
        expect(original).toContain('runtime: "nodejs24.x"');
        writeFileSync(stackSource, original.replace('runtime: "nodejs24.x"', 'runtime: "nodejs26.x"'));
        const newest = provider.startsWith("5.") ? "nodejs22.x" : "nodejs24.x";
        const learning = await terraformOf();
        expect(learning.metrics!.planRuns).toBe(2);
        expect(JSON.parse(readFileSync(memoryFile, "utf8"))[provider]).toEqual([{ from: "nodejs26.x", to: newest }]);
        const next = await terraformOf();
        expect(next.metrics!.planRuns).toBe(1);
        expect(next.detail).toContain(`provider ${provider} predates nodejs26.x; validated with ${newest} in a scratch copy`);
      } finally {
        writeFileSync(stackSource, original);
        utimesSync(stackSource, atime, mtime);
        if (saved === undefined) delete process.env.XDG_CACHE_HOME;
        else process.env.XDG_CACHE_HOME = saved;
      }
    },
    240_000,
  );

  it.skipIf(!setupTerraform().available)(
    "inits the providers once for this user, during the other steps, and inits again when the provider is gone",
    async () => {
      const saved = process.env.XDG_CACHE_HOME;
      process.env.XDG_CACHE_HOME = tempDir();
      const initRoot = path.join(process.env.XDG_CACHE_HOME, "lambdaform/terraform-init");
      try {
        const terraformOf = async () => {
          // The step cache would answer for an unchanged stack: this is about the step when it runs.
          rmSync(path.join(dir, ".lambdaform/cache"), { recursive: true, force: true });
          const io = recordingIo();
          expect(await runCli("verify", [dir, "--no-install", "--json"], { io, cwd: dir })).toBe(0);
          return (JSON.parse(io.stdout.join("\n")) as VerifyReport).steps.find((s) => s.id === "terraform")!;
        };
        const entries = () => (existsSync(initRoot) ? readdirSync(initRoot) : []);
        // Nothing kept yet: the init verify started with the other steps is there when the stack is.
        const first = await terraformOf();
        expect(first.status, first.detail).toBe("passed");
        expect(first.metrics!.initCached).toBe(true);
        // The mocked plan used the plugin verify started with the other steps, which ended with verify.
        expect(first.metrics!.sharedPlugin).toBe("started with verify");
        const cacheHome = process.env.XDG_CACHE_HOME;
        for (let wait = 0; wait < 50 && processesRunning(cacheHome).length > 0; wait++) await new Promise((r) => setTimeout(r, 100));
        expect(processesRunning(cacheHome)).toEqual([]);
        expect(entries()).toHaveLength(1);
        const entry = path.join(initRoot, entries()[0]!);
        expect(JSON.parse(readFileSync(path.join(entry, "init.json"), "utf8")).provider).toBe(report.versions["aws-provider"]);
        // The same report as an init of its own: the version, and how the constraint was relaxed.
        expect(first.detail).toBe(report.steps.find((s) => s.id === "terraform")!.detail);

        // The provider gone from under the entry (removed from the mirror its link points into):
        // init runs again, and the entry goes.
        const platforms = path.join(entry, ".terraform/providers/registry.terraform.io/hashicorp/aws", report.versions["aws-provider"]!);
        for (const platform of readdirSync(platforms)) {
          rmSync(path.join(platforms, platform), { recursive: true });
          symlinkSync(path.join(tempDir(), "removed-from-the-mirror"), path.join(platforms, platform));
        }
        const again = await terraformOf();
        expect(again.status, again.detail).toBe("passed");
        expect(again.metrics!.initCached).toBeUndefined();
        // Started from the scratch copy's own init this time.
        expect(again.metrics!.sharedPlugin).toBe("started by the step");
        expect(again.detail).toBe(first.detail);
        expect(entries()).toEqual([]);
      } finally {
        if (saved === undefined) delete process.env.XDG_CACHE_HOME;
        else process.env.XDG_CACHE_HOME = saved;
      }
    },
    240_000,
  );

  it("prints one line per step on stderr and leaves the sources as they were", () => {
    for (const id of ["typecheck", "test", "package", "synth", "check"]) {
      expect(stderr.some((l) => new RegExp(`^✓ ${id} +\\d+\\.\\d s  `).test(l)), `${id} line in:\n${stderr.join("\n")}`).toBe(true);
    }
    // --no-install, and no --emulate: the summary says what was not checked.
    expect(stderr.at(-1)).toMatch(
      terraform.available ? /^verify passed in \d+\.\d s \(skipped: install, emulate\)$/ : /^verify passed in \d+\.\d s \(skipped: install, terraform, emulate\)$/,
    );
    expect(sources(dir)).toEqual(before);
    expect(report.rules).toEqual(expect.any(Array));
  });

  it("synth --hcl writes plain Terraform, and synth goes back to JSON", async () => {
    const stack = path.join(dir, "cdktf.out", "stacks", "verify-svc");
    expect(await runCli("synth", [dir, "--hcl"], { io: recordingIo(), cwd: dir })).toBe(0);
    expect(readFileSync(path.join(stack, "cdk.tf"), "utf8")).toContain('resource "aws_lambda_function"');
    expect(existsSync(path.join(stack, "cdk.tf.json"))).toBe(false);
    expect(await runCli("synth", [], { io: recordingIo(), cwd: dir })).toBe(0);
    expect(existsSync(path.join(stack, "cdk.tf.json"))).toBe(true);
    expect(existsSync(path.join(stack, "cdk.tf"))).toBe(false);
  });
});
