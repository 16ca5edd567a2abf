import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import type { Prompter } from "../src/cli/prompter.js";
import { packageRoot } from "../src/paths.js";
import { recordingIo } from "./support/io.js";
import { lambdaform, snapshot } from "./support/grow.js";
import { copyProject, edit, generateProject, removeTempDirs, tempDir } from "./support/project.js";

/**
 * `add` and `remove` keep what the user wrote: edits away from the change survive, edits on the
 * same lines stop the command before it writes, and a refused or interrupted run leaves every
 * file byte-identical.
 */
afterAll(removeTempDirs);

let pristine: string | undefined;
/** A fresh copy of one Node project (http-api + table) per test. */
async function project(): Promise<string> {
  pristine ??= await generateProject("edits-svc", ["--trigger", "http-api", "--resource", "table"]);
  return copyProject(pristine);
}

describe("hand edits", () => {
  it("in a handler, in infra/stack.ts away from the change and in package.json survive add", async () => {
    const dir = await project();
    edit(path.join(dir, "src/handlers/api.ts"), /^/, "// Reviewed by the team.\n");
    edit(path.join(dir, "infra/stack.ts"), "export class ServiceStack", "// Owned by the payments team.\nexport class ServiceStack");
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    pkg.dependencies["left-pad"] = "1.3.0";
    writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");

    const { code, stderr } = await lambdaform(dir, "add", ["function", "jobs", "--trigger", "schedule", "--no-install"]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain("infra/stack.ts (merged with your edits)");
    expect(readFileSync(path.join(dir, "src/handlers/api.ts"), "utf8")).toMatch(/^\/\/ Reviewed by the team\.\n/);
    const stack = readFileSync(path.join(dir, "infra/stack.ts"), "utf8");
    expect(stack).toContain("// Owned by the payments team.\nexport class ServiceStack");
    expect(stack).toContain('new ServiceFunction(this, "jobs"');
    expect(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).dependencies["left-pad"]).toBe("1.3.0");
    expect(existsSync(path.join(dir, "src/handlers/jobs.ts"))).toBe(true);

    // A later add merges against what lambdaform.json now records, and keeps the edits again.
    const again = await lambdaform(dir, "add", ["resource", "queue", "--function", "jobs", "--no-install"]);
    expect(again.code, again.stderr).toBe(0);
    // The queue's SDK client is a new dependency, written beside the user's.
    expect(again.stderr).toContain("package.json (merged with your edits)");
    expect(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).dependencies).toMatchObject({ "left-pad": "1.3.0", "@aws-sdk/client-sqs": expect.any(String) });
    expect(readFileSync(path.join(dir, "infra/stack.ts"), "utf8")).toContain("// Owned by the payments team.");
    expect(readFileSync(path.join(dir, "infra/stack.ts"), "utf8")).toContain("queue.grantTo(jobs)");

    const listed = JSON.parse((await lambdaform(dir, "list", ["--json"])).stdout);
    expect(listed.edited.map((f: { file: string }) => f.file).sort()).toEqual(["infra/stack.ts", "package.json", "src/handlers/api.ts"]);
  });

  it("on the lines the change touches stops add before it writes, naming the file and lines", async () => {
    const dir = await project();
    // The change rewrites api's environment line to add the queue's variables; so does the user.
    edit(path.join(dir, "infra/stack.ts"), "environment: { ...environment, ...table.environment },", "environment: { ...environment, ...table.environment, MODE: \"fast\" },");
    const before = snapshot(dir);
    const { code, stderr } = await lambdaform(dir, "add", ["resource", "queue", "--function", "api", "--no-install"]);
    expect(code).toBe(10);
    expect(stderr).toMatch(/infra\/stack\.ts \(line \d+\): your edits and the change touch the same lines/);
    expect(stderr).toMatch(/lambdaform: add resource queue: infra\/stack\.ts line \d+ .*nothing was written/);
    expect(snapshot(dir)).toEqual(before);
    // --dry-run shows the same conflict, and also writes nothing.
    const dry = await lambdaform(dir, "add", ["resource", "queue", "--function", "api", "--dry-run", "--json"]);
    expect(dry.code).toBe(10);
    expect(JSON.parse(dry.stdout.split("\n}\n")[0] + "\n}").conflicts[0]).toMatchObject({ file: "infra/stack.ts" });
    expect(snapshot(dir)).toEqual(before);
  });

  it("remove deletes what add made, but keeps (and names) a file the user edited", async () => {
    const dir = await project();
    expect((await lambdaform(dir, "add", ["function", "worker", "--trigger", "sqs", "--uses", "none", "--no-install"])).code).toBe(0);
    edit(path.join(dir, "src/handlers/worker.ts"), /^/, "// Our batch logic.\n");
    const { code, stderr } = await lambdaform(dir, "remove", ["function", "worker", "--no-install"]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain("= src/handlers/worker.ts: no longer generated, but edited by you: kept");
    expect(existsSync(path.join(dir, "src/handlers/worker.ts"))).toBe(true);
    expect(existsSync(path.join(dir, "src/handlers/worker.test.ts"))).toBe(false);
    expect(existsSync(path.join(dir, "events/worker"))).toBe(false);
    expect(readFileSync(path.join(dir, "infra/stack.ts"), "utf8")).not.toContain("worker");
  });
});

describe("dry run and data", () => {
  it("--dry-run prints each file with a unified diff and writes nothing; --json gives the same as data", async () => {
    const dir = await project();
    const before = snapshot(dir);
    const { code, stdout, stderr } = await lambdaform(dir, "add", ["resource", "queue", "--function", "all", "--dry-run"]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^Would add resource queue in \.: \d+ files created, \d+ changed, 0 deleted \(dry run: nothing written\)/);
    expect(stderr).toContain("  + infra/resources/queue.ts");
    expect(stdout).toContain("--- /dev/null\n+++ b/infra/resources/queue.ts");
    expect(stdout).toMatch(/\+\+\+ b\/infra\/stack\.ts\n@@ [^\n]+ @@\n(.*\n)*\+ {4}const queue = new Queue/);
    expect(snapshot(dir)).toEqual(before);
    const json = JSON.parse((await lambdaform(dir, "add", ["resource", "queue", "--function", "all", "--dry-run", "--json"])).stdout);
    expect(json).toMatchObject({ command: "add", dryRun: true, changed: true, conflicts: [] });
    expect(json.files).toContainEqual(expect.objectContaining({ file: "infra/resources/queue.ts", action: "create" }));
    expect(json.files.find((f: { file: string }) => f.file === "infra/stack.ts").diff).toContain("queue.grantTo(api)");
    expect(snapshot(dir)).toEqual(before);
  });

  it("list shows functions, resources with their users, and edited files", async () => {
    const dir = await project();
    expect((await lambdaform(dir, "add", ["resource", "table", "--name", "orders", "--function", "api", "--no-install"])).code).toBe(0);
    edit(path.join(dir, "README.md"), /$/, "\nOur notes.\n");
    const { code, stdout } = await lambdaform(dir, "list", []);
    expect(code).toBe(0);
    expect(stdout).toContain("  api  http-api (route=ANY /{proxy+}); uses table, orders");
    expect(stdout).toContain("  orders  table (ORDERS_TABLE_NAME); used by api");
    expect(stdout).toContain("  edited   README.md");
  });
});

describe("refusals leave the project byte-identical", () => {
  const cases: [string, string[], number, RegExp][] = [
    ["an unknown resource type", ["add", "resource", "database"], 3, /resource must be one of table, /],
    ["an unknown function", ["add", "resource", "queue", "--function", "ghost"], 3, /--function ghost: no such function \(api\)/],
    ["a trigger flag of another trigger", ["add", "function", "jobs", "--trigger", "schedule", "--sqs-batch-size", "5"], 2, /--sqs-batch-size applies to trigger sqs/],
    ["a taken function name with another trigger", ["add", "function", "api", "--trigger", "sqs"], 2, /function api exists already, with trigger http-api/],
    ["a missing trigger without a terminal", ["add", "function", "jobs"], 5, /pass --trigger/],
    ["a missing --function without a terminal", ["add", "resource", "queue"], 5, /--function <name>/],
    ["attaching a trigger of another shape", ["add", "trigger", "sqs", "--function", "api"], 2, /api's handler reads API Gateway HTTP API events/],
    ["attaching to a function that is not there", ["add", "trigger", "http-api", "--function", "ghost"], 3, /--function ghost: no such function/],
    ["removing the only function", ["remove", "function", "api"], 2, /only function/],
    ["removing what is not there", ["remove", "resource", "bucket"], 3, /no resource bucket \(the project has table\)/],
    ["a bad flag", ["add", "resource", "queue", "--frobnicate"], 2, /^lambdaform: unknown option --frobnicate; --help lists the options$/],
    ["a misspelt flag", ["add", "resource", "queue", "--functon", "api"], 2, /^lambdaform: unknown option --functon; did you mean --function\?$/],
  ];
  it.each(cases)("%s", async (_label, [command, ...args], exitCode, message) => {
    const dir = await project();
    const before = snapshot(dir);
    const { code, stderr } = await lambdaform(dir, command!, [...args, "--no-install"]);
    expect(code, stderr).toBe(exitCode);
    expect(stderr).toMatch(message);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(snapshot(dir)).toEqual(before);
  });

  it("outside a project: exit 8; a manifest of a newer schema: refused naming both versions", async () => {
    expect((await lambdaform(tempDir(), "add", ["resource", "queue", "--function", "all"])).code).toBe(8);
    const dir = await project();
    const manifest = JSON.parse(readFileSync(path.join(dir, "lambdaform.json"), "utf8"));
    writeFileSync(path.join(dir, "lambdaform.json"), JSON.stringify({ ...manifest, schemaVersion: 99 }));
    const { code, stderr } = await lambdaform(dir, "add", ["resource", "queue", "--function", "all"]);
    expect(code).toBe(8);
    expect(stderr).toMatch(/schemaVersion 99, but this lambdaform .*reads up to 4/);
  });

  it("a project made before resources named their users (schema 1) grows like any other", async () => {
    const dir = await project();
    const file = path.join(dir, "lambdaform.json");
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...manifest, schemaVersion: 1, spec: { ...manifest.spec, resources: ["table"] } }, null, 2) + "\n");
    const { code, stderr } = await lambdaform(dir, "add", ["resource", "queue", "--function", "api", "--no-install"]);
    expect(code, stderr).toBe(0);
    const upgraded = JSON.parse(readFileSync(file, "utf8"));
    expect(upgraded.schemaVersion).toBe(4);
    expect(upgraded.spec.resources).toEqual([
      { type: "table", name: "table", functions: ["api"] },
      { type: "queue", name: "queue", functions: ["api"] },
    ]);
  });

  const bin = path.join(packageRoot, "dist/src/bin/lambdaform.js");
  it.each([
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const)("%s while the files are being written undoes the change", async (signal, exitCode) => {
    const dir = await project();
    const before = snapshot(dir);
    const marker = path.join(tempDir(), "paused");
    const child = execa("node", [bin, "add", "function", "jobs", "--trigger", "schedule", "--no-install"], {
      cwd: dir,
      reject: false,
      stdin: "ignore",
      env: { LAMBDAFORM_TEST_PAUSE_MS: "6000", LAMBDAFORM_TEST_PAUSE_MARKER: marker },
      // execa would SIGKILL a child that has not exited 5 s after kill(): this one is paused on purpose.
      forceKillAfterDelay: false,
    });
    let exited = false;
    void child.finally(() => (exited = true));
    while (!existsSync(marker) && !exited) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(exited, "the add ended before it began to write").toBe(false);
    // Half the files are in place now; the signal waits for the synchronous moves, then undoes them.
    // The pause is long so that a test process starved of CPU still signals within it.
    child.kill(signal);
    const result = await child;
    expect(result.exitCode, result.stderr).toBe(exitCode);
    expect(snapshot(dir)).toEqual(before);
    expect(existsSync(path.join(dir, "src/handlers/jobs.ts"))).toBe(false);
  });
});

describe("verify after add", () => {
  it("a failing verify keeps the change, names the step and says how to undo it", async () => {
    const dir = await project();
    // Formatted as Biome wants (verify's lint runs biome check), so the failure is the test's.
    writeFileSync(path.join(dir, "src/lib/broken.test.ts"), 'import { expect, it } from "vitest";\n\nit("fails", () => expect(1).toBe(2));\n');
    // No new dependency, so no install: verify runs on the shared node_modules.
    const { code, stderr } = await lambdaform(dir, "add", ["function", "jobs", "--trigger", "schedule"]);
    expect(code).toBe(13);
    expect(existsSync(path.join(dir, "src/handlers/jobs.ts"))).toBe(true);
    expect(stderr).toMatch(/The change is written, but the project does not verify: test failed .*lambdaform verify .*lambdaform remove/);
  });
});

describe("further triggers on a function", () => {
  it.each([
    ["function-url", /AWS gives a function one URL/],
    ["rest-api", /already sends every path and method/],
    ["sns", /the topic is the function's own/],
    ["s3", /a second bucket needs its own function/],
    ["dynamodb-stream", /a second stream needs its own function/],
  ])("a second %s on one function is refused with the reason", async (trigger, reason) => {
    const dir = await generateProject(`attach-${trigger}`, ["--trigger", trigger]);
    const before = snapshot(dir);
    const fnName = JSON.parse(readFileSync(path.join(dir, "lambdaform.json"), "utf8")).spec.functions[0].name;
    const { code, stderr } = await lambdaform(dir, "add", ["trigger", trigger, "--function", fnName, "--no-install"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(reason);
    expect(snapshot(dir)).toEqual(before);
  });

  it("a second route goes on the function's own API; the same route again changes nothing", async () => {
    const dir = await project();
    const first = await lambdaform(dir, "add", ["trigger", "http-api", "--function", "api", "--http-route", "GET /health", "--no-install"]);
    expect(first.code, first.stderr).toBe(0);
    expect(readFileSync(path.join(dir, "infra/stack.ts"), "utf8")).toContain('moreRoutes: ["GET /health"],');
    expect(readFileSync(path.join(dir, "README.md"), "utf8")).toContain('- `{"route":"GET /health"}`');
    const again = await lambdaform(dir, "add", ["trigger", "http-api", "--function", "api", "--http-route", "GET /health", "--no-install"]);
    expect(again.stderr).toContain("nothing to change");
  });
});

describe("on a terminal", () => {
  it("asks for what the flags did not say, with the catalog's choices and defaults", async () => {
    const dir = await project();
    const asked: string[] = [];
    const prompter = {
      select: async (q: { message: string }) => (asked.push(q.message), "sqs"),
      input: async (q: { message: string; default?: string }) => (asked.push(q.message), q.default ?? ""),
      confirm: async (q: { message: string; default?: boolean }) => (asked.push(q.message), q.default ?? false),
      checkbox: async (q: { message: string; choices: { value: string }[] }) => (asked.push(q.message), q.choices.map((c) => c.value)),
    } as unknown as Prompter;
    const io = recordingIo(true);
    const code = await runCli("add", ["function", "orders", "--no-install"], { io, cwd: dir, prompter });
    expect(code, io.stderr.join("\n")).toBe(0);
    // The batching window is flag-only: derived from the batch size unless given.
    expect(asked).toEqual(["Trigger for orders", "SQS batch size", "Resources orders may use"]);
    const spec = JSON.parse(readFileSync(path.join(dir, "lambdaform.json"), "utf8")).spec;
    expect(spec.functions.at(-1)).toMatchObject({ name: "orders", trigger: "sqs" });
    expect(spec.resources[0].functions).toEqual(["api", "orders"]);
  });
});

describe("--json", () => {
  it("a real run prints the files it wrote and the verify report (null without verify)", async () => {
    const dir = await project();
    const { code, stdout } = await lambdaform(dir, "add", ["resource", "queue", "--function", "api", "--no-install", "--json"]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ command: "add", change: "resource queue", dryRun: false, changed: true, verify: null });
    expect(result.files).toContainEqual({ file: "infra/resources/queue.ts", action: "create" });
    expect(existsSync(path.join(dir, "infra/resources/queue.ts"))).toBe(true);
  });
});
