import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startEmulator, type Emulator } from "../src/emulator/emulator.js";
import { applyStack, EmulatorStackError } from "../src/emulator/stack.js";
import { leftInEmulator, motoRequest } from "./support/deploy.js";
import { generateProject, removeTempDirs, tempDir } from "./support/project.js";
import { setupTerraform } from "./support/terraform.js";

/**
 * The emulator's copy of a stack is not validated before it is applied: a runtime this machine's
 * provider lacks that the catalog does not know of is found by the failed apply, swapped, and
 * applied again; a copy that cannot be fixed fails with Terraform's own words.
 */
const terraform = setupTerraform();
let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  if (!terraform.available) return;
  emulator = await startEmulator({ port: await freePort(), fresh: true });
  dir = await generateProject("fit", ["--trigger", "http-api"]);
  await execa("node", ["scripts/package.mjs"], { cwd: dir });
  await execa("node", ["scripts/synth.mjs"], { cwd: dir });
});

afterAll(async () => {
  await emulator?.stop();
  removeTempDirs();
});

/** Sets every function's runtime in the project's synthesized stack. */
function setRuntime(runtime: string): void {
  const file = path.join(dir, "cdktf.out/stacks/fit/cdk.tf.json");
  const stack = JSON.parse(readFileSync(file, "utf8"));
  for (const fn of Object.values<{ runtime: string }>(stack.resource.aws_lambda_function)) fn.runtime = runtime;
  writeFileSync(file, JSON.stringify(stack, null, 2));
}

describe.skipIf(!terraform.available)("applying a stack to the emulator", () => {
  it("swaps a runtime the provider lacks that the catalog does not know of, found by the failed apply, and applies", async () => {
    // No provider knows nodejs99.x, so the catalog's known gaps cannot have swapped it beforehand.
    setRuntime("nodejs99.x");
    const applied = await applyStack({ projectDir: dir, endpoint: emulator.endpoint, workDir: tempDir() });
    expect(applied.notes).toContainEqual(expect.stringMatching(/^the local aws provider predates nodejs99\.x: nodejs\d+\.x in the emulator's copy$/));
    const to = applied.notes.join("\n").match(/predates nodejs99\.x: (nodejs\d+\.x)/)![1];
    const functions = (await leftInEmulator(emulator.endpoint)).filter((f) => f.startsWith("function "));
    expect(functions).toEqual(["function fit-api"]);
    const config = (await motoRequest(emulator.endpoint, "lambda", "2015-03-31/functions/fit-api/configuration").then((r) => r.json())) as { Runtime: string };
    expect(config.Runtime).toBe(to);
  }, 600_000);

  it("fails with Terraform's words, changing nothing, when the copy cannot be fitted", async () => {
    // A runtime of no language the provider knows: nothing to swap it for.
    setRuntime("cobol85");
    const before = await leftInEmulator(emulator.endpoint);
    const error = await applyStack({ projectDir: dir, endpoint: emulator.endpoint, workDir: tempDir() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmulatorStackError);
    expect((error as Error).message).toMatch(/^the stack is not valid: .*runtime/i);
    expect(await leftInEmulator(emulator.endpoint)).toEqual(before);
  }, 600_000);
});
