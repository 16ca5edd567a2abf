import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../src/emulator/emulator.js";
import { packageRoot } from "../src/paths.js";
import { deployFixture, s3, s3Object } from "./support/deploy.js";
import { removeTempDirs } from "./support/project.js";
import { setupTerraform } from "./support/terraform.js";

const enter = "\r";
const terraform = setupTerraform();
let emulator: Emulator;
let dir: string;
let env: Record<string, string>;

interface PtyRun {
  exit: number;
  output: string;
  failed_step: number | null;
}

/** `lambdaform <args>` under a real pseudo-terminal, answering its prompts as a person would. */
async function inPty(args: string[], steps: { expect: string; send: string }[]): Promise<PtyRun> {
  const argv = [path.join(packageRoot, "node_modules/.bin/tsx"), path.join(packageRoot, "src/bin/lambdaform.ts"), ...args];
  const spec = JSON.stringify({ argv, cwd: dir, steps, timeout: 400, env });
  const { stdout } = await promisify(execFile)("python3", [path.join(packageRoot, "test/support/pty_driver.py"), spec], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as PtyRun;
}

describe.skipIf(!terraform.available)("lambdaform deploy --guided, on a terminal", () => {
  beforeAll(async () => {
    let tfConfig: string;
    ({ emulator, dir, tfConfig } = await deployFixture());
    env = { TF_CLI_CONFIG_FILE: tfConfig, NO_COLOR: "1" };
  });
  afterAll(async () => {
    await emulator?.stop();
    removeTempDirs();
  });

  it("asks once, creates the state bucket, shows the plan, applies, saves the answers; the next deploy asks nothing", async () => {
    const guided = await inPty(
      ["deploy", ".", "--guided", "--endpoint", emulator.endpoint],
      [
        { expect: "Stage", send: "qa" + enter },
        { expect: "AWS region for stage qa", send: enter },
        { expect: "AWS profile", send: enter },
        { expect: "S3 bucket for the Terraform state", send: "qa-state" + enter },
        { expect: "Create the bucket qa-state now", send: "y" + enter },
        { expect: "E-mail address for alarms", send: enter },
        { expect: "Plan: \\d+ to add, 0 to change, 0 to destroy\\. Apply stage qa\\?", send: "y" + enter },
      ],
    );
    expect(guided.failed_step, guided.output.slice(-3000)).toBeNull();
    expect(guided.exit, guided.output.slice(-3000)).toBe(0);
    expect(guided.output).toMatch(/Stage qa:\s+output\s+value/);
    expect(guided.output).toContain("svc-qa-api");

    expect(JSON.parse(readFileSync(path.join(dir, "lambdaform.json"), "utf8")).stages).toEqual({ qa: { region: "us-east-1", stateBucket: "qa-state" } });
    // The bucket lambdaform made: versioned, and holding the stage's state.
    expect(await (await s3(emulator.endpoint, "GET", "qa-state?versioning")).text()).toContain("<Status>Enabled</Status>");
    expect(await s3Object(emulator.endpoint, "qa-state", "svc/qa/terraform.tfstate")).toContain("svc-qa-api");

    const again = await inPty(["deploy", ".", "--stage", "qa", "--endpoint", emulator.endpoint, "--yes"], []);
    expect(again.exit, again.output.slice(-3000)).toBe(0);
    expect(again.output).not.toMatch(/AWS region|AWS profile|S3 bucket|E-mail address|Apply stage/);
    expect(again.output).toContain('Successfully configured the backend "s3"');
  }, 600_000);
});
