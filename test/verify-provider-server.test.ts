import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relaxedConstraint } from "../src/verify/terraform/scratch.js";
import { awsProviderBinary, reattachFailed, startProviderServer, type ProviderServer } from "../src/verify/terraform/provider-server.js";
import { packageRoot } from "../src/paths.js";
import { alive } from "./support/processes.js";
import { removeTempDirs, tempDir } from "./support/project.js";
import { setupTerraform } from "./support/terraform.js";

/** A configuration the aws provider must validate: a queue with a value it checks. */
const config = (delay: number) => ({
  terraform: { required_providers: { aws: { source: "hashicorp/aws", version: relaxedConstraint } } },
  resource: { aws_sqs_queue: { jobs: { name: "jobs", delay_seconds: delay } } },
});

async function until(condition: () => boolean, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return condition();
}

describe.skipIf(!setupTerraform().available)("the aws plugin verify's mocked plans share (TF_REATTACH_PROVIDERS)", () => {
  // A user's own TF_REATTACH_PROVIDERS would turn sharing off: these tests are about sharing.
  const userReattach = process.env.TF_REATTACH_PROVIDERS;
  delete process.env.TF_REATTACH_PROVIDERS;
  afterAll(() => {
    if (userReattach !== undefined) process.env.TF_REATTACH_PROVIDERS = userReattach;
  });
  let dir: string;
  let binary: string;
  const validate = (env: Record<string, string> = {}) =>
    execa("terraform", ["validate", "-json", "-no-color"], { cwd: dir, env: { CHECKPOINT_DISABLE: "1", ...env }, reject: false, stdin: "ignore" });

  beforeAll(async () => {
    dir = tempDir();
    writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(config(5)));
    const init = await execa("terraform", ["init", "-backend=false", "-input=false", "-no-color"], { cwd: dir, reject: false, stdin: "ignore" });
    expect(init.exitCode, init.all ?? init.stderr).toBe(0);
    binary = awsProviderBinary(path.join(dir, ".terraform"))!;
  }, 120_000);
  afterAll(removeTempDirs);

  it("finds the binary init installed, and nothing where init has not run", () => {
    expect(binary).toMatch(/\/registry\.terraform\.io\/hashicorp\/aws\/\d+\.\d+\.\d+\/[a-z0-9]+_[a-z0-9]+\/terraform-provider-aws_v/);
    expect(existsSync(binary)).toBe(true);
    expect(awsProviderBinary(path.join(tempDir(), ".terraform"))).toBeUndefined();
  });

  it("serves several terraform runs from one process, which still checks the provider's rules, until stopped", async () => {
    const server = (await startProviderServer(binary, new AbortController().signal))!;
    expect(server).toBeDefined();
    const reattach = JSON.parse(server.env.TF_REATTACH_PROVIDERS) as Record<string, { Pid: number; Addr: { String: string } }>;
    const [address, { Pid: pid, Addr }] = Object.entries(reattach)[0]!;
    expect(address).toBe("registry.terraform.io/hashicorp/aws");
    try {
      expect((await validate(server.env)).exitCode).toBe(0);
      // The provider's own check (delay_seconds is 0-900), answered by the shared plugin.
      writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(config(901)));
      const invalid = await validate(server.env);
      expect(invalid.exitCode).toBe(1);
      expect(invalid.stdout).toMatch(/expected delay_seconds to be in the range \(0 - 900\)/);
      expect(reattachFailed(invalid.stdout)).toBe(false);
      expect(alive(pid)).toBe(true);
    } finally {
      writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(config(5)));
      server.stop();
    }
    expect(await until(() => !alive(pid))).toBe(true);
    expect(await until(() => !existsSync(Addr.String))).toBe(true);
    // A run sent to the stopped plugin fails in words verify recognizes, and reruns without it.
    const stale = await validate(server.env);
    expect(stale.exitCode).not.toBe(0);
    expect(reattachFailed(`${stale.stdout}\n${stale.stderr}`)).toBe(true);
  }, 120_000);

  it("stops when its signal aborts (verify ending), and is not started for an aborted one", async () => {
    const stop = new AbortController();
    const server = (await startProviderServer(binary, stop.signal))!;
    const pid = Object.values(JSON.parse(server.env.TF_REATTACH_PROVIDERS) as Record<string, { Pid: number }>)[0]!.Pid;
    expect(alive(pid)).toBe(true);
    stop.abort();
    expect(await until(() => !alive(pid))).toBe(true);
    expect(await startProviderServer(binary, stop.signal)).toBeUndefined();
  }, 60_000);

  it("ends with lambdaform even when lambdaform is killed outright (SIGKILL runs no exit handler)", async () => {
    const script = path.join(tempDir(), "holds-a-plugin.mts");
    const module = path.join(packageRoot, "src/verify/terraform/provider-server.ts");
    writeFileSync(
      script,
      [
        `import { startProviderServer } from ${JSON.stringify(module)};`,
        `const server = await startProviderServer(${JSON.stringify(binary)}, new AbortController().signal);`,
        "console.log(server?.env.TF_REATTACH_PROVIDERS ?? 'none');",
        "setInterval(() => {}, 1000);",
        "",
      ].join("\n"),
    );
    const holder = execa(process.execPath, ["--import", "tsx", script], { cwd: packageRoot, reject: false, stdin: "ignore" });
    const line = await new Promise<string>((resolve) => holder.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim())));
    const pid = Object.values(JSON.parse(line) as Record<string, { Pid: number }>)[0]!.Pid;
    expect(alive(pid)).toBe(true);
    holder.kill("SIGKILL");
    await holder;
    expect(await until(() => !alive(pid))).toBe(true);
  }, 60_000);

  it("gives up, leaving Terraform to start its own, on a program that is not a plugin", async () => {
    let server: ProviderServer | undefined;
    const started = Date.now();
    server = await startProviderServer(process.execPath, new AbortController().signal);
    expect(server).toBeUndefined();
    // Node exits on the unknown -debug flag: no wait for the time limit.
    expect(Date.now() - started).toBeLessThan(10_000);
    server = await startProviderServer(path.join(tempDir(), "no-such-plugin"), new AbortController().signal);
    expect(server).toBeUndefined();
  }, 30_000);

  it("leaves providers the user reattached (one being debugged) in charge", async () => {
    process.env.TF_REATTACH_PROVIDERS = JSON.stringify({ "registry.terraform.io/hashicorp/aws": { Protocol: "grpc" } });
    try {
      expect(await startProviderServer(binary, new AbortController().signal)).toBeUndefined();
    } finally {
      delete process.env.TF_REATTACH_PROVIDERS;
    }
  });
});
