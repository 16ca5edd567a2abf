import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, startEmulator } from "../src/emulator/emulator.js";
import { reportExitCode } from "../src/verify/exit-codes.js";
import { verifyProject } from "../src/verify/run.js";
import type { VerifyOptions } from "../src/verify/types.js";
import { leftInEmulator } from "./support/deploy.js";
import { lambdaform } from "./support/grow.js";
import { recordingIo } from "./support/io.js";
import { copyProject, edit, everyTriggerAndResource, generateProject, removeTempDirs } from "./support/project.js";
import { setupTerraform } from "./support/terraform.js";

/**
 * verify's emulate step for real: the project's own synthesized stack applied to a fresh moto,
 * planned again (it must want nothing) and destroyed.
 */
const terraform = setupTerraform();
const moto = hasMoto();

afterAll(() => removeTempDirs());

/**
 * The verify pipeline as the CLI runs it, with room for the other steps: a project with every
 * trigger on a loaded CI machine can take longer than their 120 s defaults, and they are not
 * what these tests are about.
 */
async function verify(dir: string, options: Partial<VerifyOptions>) {
  const report = await verifyProject({ dir, install: false, io: recordingIo(), json: true, timeouts: { typecheck: 600, test: 600, package: 600, synth: 600 }, ...options });
  const emulate = report.steps.find((s) => s.id === "emulate")!;
  const summary = report.steps.map((s) => `${s.id} ${s.status}: ${s.detail}\n${s.output ?? ""}`).join("\n");
  return { code: reportExitCode(report), report, emulate, summary };
}

describe.skipIf(!terraform.available || !moto)("verify --emulate", () => {
  // Every trigger and every resource, in both languages, side by side: the stacks are independent.
  describe.concurrent.each([
    ["Node", "nodejs24.x"],
    ["Python", "python3.13"],
  ])("a %s project with every trigger and resource", (_language, runtime) => {
    it("applies to moto, plans again with no changes, and destroys", async () => {
      const dir = await generateProject("every", ["--runtime", runtime, ...everyTriggerAndResource]);
      const { code, emulate, summary } = await verify(dir, { emulate: true });
      expect(code, summary).toBe(0);
      expect(emulate.status, summary).toBe("passed");
      expect(emulate.detail).toMatch(/^\d+ resources applied to moto, planned again with no changes, destroyed$/);
      expect(Number(emulate.metrics?.resources)).toBeGreaterThan(150);
      // What moto's copy differs in is said on every run, never silently.
      expect(emulate.notes?.join("\n")).toMatch(/aws_cloudwatch_query_definition left out of the emulator's copy: moto does not implement/);

      // Every other step passed before and is reused from the cache: only emulate runs, and a
      // required emulator that cannot be reached fails the run instead of passing unchecked.
      const closed = await verify(dir, { requireEmulator: true, endpoint: "http://127.0.0.1:9" });
      expect(closed.code, closed.summary).toBe(18);
      expect(closed.emulate).toMatchObject({ status: "failed", detail: "required (--require-emulator) but could not run: no AWS emulator answers at http://127.0.0.1:9: start it, or leave out --endpoint to use moto" });
    }, 1_200_000);
  });

  // Concurrent with the two above: its apply waits on the same provider timers, not on a core.
  it.concurrent("fails (exit 18) when the stack does not settle: a plan after the apply still wants changes, and leaves nothing behind", async ({ onTestFinished }) => {
    // A moto of the test's own, given as --endpoint: verify leaves a given emulator running, so
    // what its destroy left behind can be seen.
    const emulator = await startEmulator({ port: await freePort(), fresh: true });
    onTestFinished(() => emulator.stop());
    const base = await generateProject("restless", ["--trigger", "rest-api"]);
    const dir = copyProject(base);
    // Hashing whole resources (with the attributes the API reads back filled in) instead of
    // their ids redeploys the API on every plan: the drift this step exists to catch.
    edit(
      path.join(dir, "infra/triggers/rest-api.ts"),
      "...routes.flatMap(([method, integration]) => [method.id, integration.id, integration.uri]),",
      "...routes.flat().map((r) => r.fqn),",
    );
    const { code, emulate, summary } = await verify(dir, { emulate: true, endpoint: emulator.endpoint });
    expect(code, summary).toBe(18);
    expect(emulate.status, summary).toBe("failed");
    expect(emulate.detail).toMatch(/^a plan after the apply still wants changes: Plan: \d+ to add, \d+ to change, \d+ to destroy: .*aws_api_gateway_deployment\.\S+ \(replaced\)/);
    // Destroyed all the same, from the apply's state: a given endpoint keeps none of the stack.
    expect(await leftInEmulator(emulator.endpoint)).toEqual([]);
  }, 900_000);
});

describe("verify's emulator flags", () => {
  it("refuses --endpoint without the emulate step (exit 2) and a malformed one (exit 3), before running anything", async () => {
    const dir = await generateProject("flags");
    const alone = await lambdaform(dir, "verify", [dir, "--endpoint", "http://127.0.0.1:4566"]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toBe("lambdaform: --endpoint is for the emulate step: add --emulate or --require-emulator");
    const malformed = await lambdaform(dir, "verify", [dir, "--emulate", "--endpoint", "localhost 4566"]);
    expect(malformed.code).toBe(3);
    expect(malformed.stderr).toBe('lambdaform: --endpoint "localhost 4566" is not a URL (for example http://127.0.0.1:4566)');
  });
});

function hasMoto(): boolean {
  try {
    execFileSync("moto_server", ["--help"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
