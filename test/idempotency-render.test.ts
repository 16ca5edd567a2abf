import { describe, expect, it } from "vitest";
import { builtinTemplates } from "../src/paths.js";
import { renderProject } from "../src/render/render-project.js";
import { TemplateLayers } from "../src/render/template-layers.js";
import { specFor } from "./support/render.js";

/**
 * Sending to the queue and publishing to the topic are the effects a redelivered event would
 * repeat, so functions that make them get the idempotency table (issue 9); nothing else does.
 * The generated tests (run by verify and the matrix) prove the behaviour; these the wiring.
 */
const layers = new TemplateLayers([builtinTemplates]);
const render = async (args: string[], narrow?: (spec: Awaited<ReturnType<typeof specFor>>) => void) => {
  const spec = await specFor(["svc", ...args]);
  narrow?.(spec);
  return renderProject(spec, layers);
};

describe("idempotent announcements", () => {
  it.each(["nodejs24.x", "python3.13"])("%s: no queue or topic, no idempotency table or code", async (runtime) => {
    const tree = await render(["--runtime", runtime, "--trigger", "sqs", "--resource", "table", "--resource", "bucket"]);
    const files = tree.entries().map(([file]) => file);
    expect(files.filter((file) => file.includes("idempotency"))).toEqual([]);
    expect(tree.read("infra/stack.ts")).not.toMatch(/IdempotencyTable/);
  });

  it.each([
    ["nodejs24.x", "src/lib/idempotency.ts", /makeIdempotent/],
    ["python3.13", "src/app/lib/idempotency.py", /ConditionExpression=_claim_condition/],
  ])("%s: a queue gets the table, its grants and the code that announces once", async (runtime, lib, idiom) => {
    const tree = await render(["--runtime", runtime, "--trigger", "sqs", "--trigger", "http-api", "--resource", "queue"]);
    expect(tree.read(lib)).toMatch(idiom);
    expect(tree.read("infra/constructs/idempotency-table.ts")).toMatch(/expiresBy: "expiration"/);
    const stack = tree.read("infra/stack.ts")!;
    expect(stack.match(/idempotencyRecords\.grantTo\(\w+\);/g)).toHaveLength(2);
    expect(tree.read("README.md")).toMatch(/each item is announced once/);
  });

  it("only the functions that use the queue get the table", async () => {
    const tree = await render(["--trigger", "sqs", "--trigger", "http-api", "--resource", "queue"], (spec) => {
      spec.resources[0]!.functions = ["worker"];
    });
    const stack = tree.read("infra/stack.ts")!;
    expect(stack).toMatch(/idempotencyRecords\.grantTo\(worker\);/);
    expect(stack).not.toMatch(/idempotencyRecords\.grantTo\(api\);/);
    // Only the worker's handler announces, once per item; the api's knows nothing of the queue.
    const worker = tree.read("src/handlers/worker.ts")!;
    expect(worker).toMatch(/^const announce = once\("announce", async \(item: Item\): Promise<void> => \{\n  await queue\.send\(item\);\n\}\);$/m);
    expect(worker).toMatch(/^  await announce\(item\);$/m);
    const api = tree.read("src/handlers/api.ts")!;
    expect(api).not.toMatch(/announce|once\(|lib\/queue|queue\.send/);
    expect(tree.read("src/lib/items.ts")).not.toMatch(/announce\(|given\(|queue\./);
  });
});
