import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { generateProject, removeTempDirs, tempDir } from "./support/project.js";
import { recordingIo } from "./support/io.js";

/** `lambdaform dev`'s refusals: one line naming the problem, the documented exit code, nothing started. */

async function dev(args: string[], cwd = tempDir()) {
  const io = recordingIo();
  const code = await runCli("dev", args, { io, cwd });
  return { code, stderr: io.stderr, stdout: io.stdout };
}

describe("lambdaform dev refuses", () => {
  afterAll(removeTempDirs);

  it("a folder that is not a project (exit 8)", async () => {
    const { code, stderr } = await dev([]);
    expect(code).toBe(8);
    expect(stderr).toEqual([expect.stringMatching(/^lambdaform: .* has no lambdaform\.json: not a lambdaform project$/)]);
  });

  it("a port that is not one (exit 3), an unknown flag (exit 2)", async () => {
    const dir = await generateProject("svc", ["--trigger", "sqs"]);
    expect((await dev([dir, "--port", "http"])).stderr).toEqual(['lambdaform: --port "http" must be a port number (0-65535)']);
    expect((await dev([dir, "--port", "70000"])).code).toBe(3);
    const unknown = await dev([dir, "--watch"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toHaveLength(1);
  });

  it("an --endpoint nobody answers at (exit 19), before anything is built or applied", async () => {
    const dir = await generateProject("svc", ["--trigger", "sqs"]);
    const { code, stderr } = await dev([dir, "--endpoint", "http://127.0.0.1:9"]);
    expect(code).toBe(19);
    expect(stderr).toEqual([expect.stringMatching(/^lambdaform: no AWS emulator answers at http:\/\/127\.0\.0\.1:9/)]);
  });

  it("no python3 to run moto with (exit 19), saying what to install or pass", async () => {
    const dir = await generateProject("svc", ["--trigger", "sqs"]);
    const path = process.env.PATH;
    process.env.PATH = tempDir();
    try {
      const { code, stderr } = await dev([dir, "--emulator-port", "9"]);
      expect(code).toBe(19);
      expect(stderr).toEqual(["lambdaform: python3 was not found; or give --endpoint <url> of a running emulator"]);
    } finally {
      process.env.PATH = path;
    }
  });

  it("--stop with no emulator of dev's on the port says so and exits 0", async () => {
    const { code, stderr } = await dev(["--stop", "--emulator-port", "9"]);
    expect(code).toBe(0);
    expect(stderr).toEqual(["lambdaform dev: no emulator of lambdaform dev runs on port 9"]);
  });

  it("--stop with a flag or folder it does not take names it, and what it takes (exit 2)", async () => {
    expect(await dev(["--stop", "--port", "3000"])).toMatchObject({ code: 2, stderr: ["lambdaform: unknown option --port; --stop takes only --emulator-port"] });
    expect(await dev(["--stop", "svc"])).toMatchObject({ code: 2, stderr: ["lambdaform: unexpected argument svc; --stop takes only --emulator-port"] });
  });
});
