import { afterAll, describe, expect, it } from "vitest";
import { triggerIds } from "../src/catalog/trigger.js";
import { expectVerifies, lambdaform, snapshot } from "./support/grow.js";
import { generateProject, removeTempDirs } from "./support/project.js";
import { setupTerraform } from "./support/terraform.js";

/**
 * The promise of `add` and `remove`, for every trigger and every resource type in both languages:
 * a created project grown with all of them verifies; the same adds again change nothing; removing
 * them all gives back, byte for byte, the project `create` made.
 */
const terraform = setupTerraform();
afterAll(removeTempDirs);

const fn = (trigger: string) => `${trigger}-fn`;
/** Resources given to some functions only, so grants, variables and the handlers' resource uses are per function. */
const resourceAdds: string[][] = [
  ["table", "--function", "all"],
  ["bucket", "--function", fn("http-api"), "--function", fn("sqs")],
  ["queue", "--function", fn("sqs")],
  ["topic", "--function", fn("rest-api"), "--function", fn("sns")],
  ["secret", "--function", fn("function-url")],
  ["layer", "--function", fn("schedule")],
  // A second table: its own name, variable and grants.
  ["table", "--name", "orders", "--function", fn("eventbridge")],
];

describe.each(["nodejs24.x", "python3.13"])("%s: add every trigger and resource, then remove them", (runtime) => {
  it("verifies grown, changes nothing the second time, and equals the created project after remove", async () => {
    const dir = await generateProject("grow-svc", ["--runtime", runtime, "--trigger", "http-api"]);
    const created = snapshot(dir);
    const adds = [
      ...triggerIds.map((t) => ["function", fn(t), "--trigger", t]),
      ["trigger", "sqs", "--sqs-batch-size", "5"],
      // Further triggers of a function's own kind.
      ["trigger", "sqs", "--function", fn("sqs"), "--sqs-batch-size", "20", "--sqs-batch-window", "5"],
      ["trigger", "http-api", "--function", fn("http-api"), "--http-route", "GET /health"],
      ["trigger", "schedule", "--function", fn("schedule"), "--schedule", "rate(6 hours)"],
      ["trigger", "eventbridge", "--function", fn("eventbridge"), "--event-pattern", '{"source":["billing"]}'],
      ...resourceAdds.map((r) => ["resource", ...r]),
    ];

    for (const args of adds) {
      const { code, stderr } = await lambdaform(dir, "add", [...args, "--no-install"]);
      expect(code, `add ${args.join(" ")}\n${stderr}`).toBe(0);
      expect(stderr).toMatch(/^Add /);
    }
    const list = JSON.parse((await lambdaform(dir, "list", ["--json"])).stdout);
    expect(list.functions.map((f: { name: string }) => f.name)).toEqual(["api", ...triggerIds.map(fn), "worker"]);
    expect(list.resources.find((r: { name: string }) => r.name === "orders")).toMatchObject({ type: "table", variable: "ORDERS_TABLE_NAME", functions: [fn("eventbridge")] });
    await expectVerifies(dir, terraform.available);

    const grown = snapshot(dir);
    for (const args of adds) {
      const { code, stderr } = await lambdaform(dir, "add", [...args, "--no-install"]);
      expect(code, stderr).toBe(0);
      expect(stderr).toContain("nothing to change");
    }
    expect(snapshot(dir)).toEqual(grown);

    for (const name of ["orders", "layer", "secret", "topic", "queue", "bucket", "table"]) {
      const { code, stderr } = await lambdaform(dir, "remove", ["resource", name, "--no-install"]);
      expect(code, stderr).toBe(0);
    }
    for (const name of ["worker", ...triggerIds.map(fn)]) {
      const { code, stderr } = await lambdaform(dir, "remove", ["function", name, "--no-install"]);
      expect(code, stderr).toBe(0);
    }
    expect(snapshot(dir)).toEqual(created);
    // Twenty-odd commands and a full verify (Python: pytest and Pyright too) on a shared machine.
  }, 400_000);
});
