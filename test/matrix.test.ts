import { afterAll, describe, expect, it } from "vitest";
import { resourceIds } from "../src/catalog/resource.js";
import { runtimes } from "../src/catalog/runtimes.js";
import { triggerIds } from "../src/catalog/trigger.js";
import { runCli } from "../src/cli/main.js";
import type { VerifyReport } from "../src/verify/types.js";
import { recordingIo } from "./support/io.js";
import { generateProject, removeTempDirs } from "./support/project.js";
import { setupTerraform } from "./support/terraform.js";

/**
 * The promise of `create`: every runtime × trigger ends with every verify step green. One
 * project per runtime holds a function for every trigger, with and without resources, so the
 * matrix costs a handful of verify runs rather than forty-five.
 */
const terraform = setupTerraform();
afterAll(removeTempDirs);

const everyTrigger = triggerIds.flatMap((id) => ["--trigger", id]);
const everyResource = resourceIds.flatMap((id) => ["--resource", id]);
// Text that would break generated code or Terraform if it were not escaped on the way.
const hostileConfig = ["--env", 'GREETING=say "hi" \\ ${x} %{y} `z`'];

const projects: [string, string[]][] = [
  ...runtimes.map((r): [string, string[]] => [`${r.id}, every trigger and resource`, ["--runtime", r.id, ...everyTrigger, ...everyResource, ...hostileConfig]]),
  ["nodejs24.x, every trigger, no resources", ["--runtime", "nodejs24.x", ...everyTrigger]],
  ["python3.13, every trigger, no resources, x86_64, provisioned", ["--runtime", "python3.13", ...everyTrigger, "--arch", "x86_64", "--provisioned-concurrency", "1", "--url-auth", "NONE"]],
];

describe.each(projects)("create --yes %s", (_label, args) => {
  it("verifies: every step green", async () => {
    const dir = await generateProject("matrix-svc", args);
    const io = recordingIo();
    const code = await runCli("verify", [dir, "--no-install", "--json"], { io, cwd: dir });
    const report = JSON.parse(io.stdout.join("\n")) as VerifyReport;
    const summary = report.steps.map((s) => `${s.id} ${s.status}: ${s.detail}\n${s.output ?? ""}`).join("\n");
    expect(code, summary).toBe(0);
    const expected = { install: "skipped", typecheck: "passed", test: "passed", package: "passed", synth: "passed", check: "passed", terraform: terraform.available ? "passed" : "skipped", emulate: "skipped" };
    expect(Object.fromEntries(report.steps.map((s) => [s.id, s.status])), summary).toEqual(expected);
    expect(report.rules.filter((r) => r.status === "failed"), summary).toEqual([]);
    expect(report.steps.find((s) => s.id === "check")!.detail).toMatch(new RegExp(`^${triggerIds.length} functions with role`));
    // A full verify of nine functions (Python: pytest and Pyright too) takes 80-120 s on a busy machine.
  }, 300_000);
});
