import { describe, expect, it } from "vitest";
import { builtinTemplates } from "../src/paths.js";
import { projectView } from "../src/render/view.js";
import { renderProject } from "../src/render/render-project.js";
import { TemplateLayers } from "../src/render/template-layers.js";
import { specFor } from "./support/render.js";

/**
 * Each function uses only its own resources, in its own handler (issue 9, "Safe defaults"): with
 * the resources split between functions, each handler imports and calls exactly the resources
 * its function uses, its tests expect writes to those only, and the shared items code stores
 * nothing. The generated tests (run by verify and the matrix) prove the behaviour; these the split.
 */
const layers = new TemplateLayers([builtinTemplates]);
const everyResource = ["table", "bucket", "queue", "topic", "secret"];
/** api stores and signs, worker announces, auditor (EventBridge) uses none of them. */
const split: Record<string, string[]> = { table: ["api"], bucket: ["api"], secret: ["api"], queue: ["worker"], topic: ["worker"] };

const splitProject = async (runtime: string) => {
  const spec = await specFor([
    "svc",
    ...["--runtime", runtime, "--trigger", "http-api", "--trigger", "sqs", "--trigger", "eventbridge"],
    ...everyResource.flatMap((r) => ["--resource", r]),
  ]);
  const names = spec.functions.map((f) => f.name);
  expect(names.slice(0, 2)).toEqual(["api", "worker"]);
  for (const r of spec.resources) r.functions = split[r.name]!;
  return { tree: await renderProject(spec, layers), spec, auditor: names[2]! };
};

/** The resources a Node handler imports (the idempotency wrapper stands for queue and topic) and the calls it makes. */
const nodeUses = (source: string) => ({
  imports: [...source.matchAll(/from "\.\.\/lib\/(table|bucket|queue|topic|signing|idempotency)"/g)].map((m) => m[1]).sort(),
  calls: [...new Set([...source.matchAll(/\b(table\.\w+|bucket\.\w+|queue\.send|topic\.publish|signItem|announce)\(/g)].map((m) => m[1]))].sort(),
});

describe("handlers use only their own function's resources (Node)", () => {
  it("api stores in the table and bucket, signed, and reads back from the table; nothing else", async () => {
    const { tree } = await splitProject("nodejs24.x");
    expect(nodeUses(tree.read("src/handlers/api.ts")!)).toEqual({
      imports: ["bucket", "signing", "table"],
      calls: ["bucket.putJson", "signItem", "table.getItem", "table.putItem"],
    });
    const api = tree.read("src/handlers/api.ts")!;
    // Stored signed, and returned as stored.
    expect(api).toMatch(/const signed = await signItem\(item\);\n\s+await table\.putItem\(signed\);\n\s+await bucket\.putJson\(objectKey\(item\.id\), signed\);\n\s+return signed;/);
    expect(tree.read("src/handlers/api.test.ts")).toMatch(/^const uses = \{ table: true, bucket: true, secret: true \};$/m);
  });

  it("worker announces to the queue and the topic, once per item; nothing else", async () => {
    const { tree } = await splitProject("nodejs24.x");
    const worker = tree.read("src/handlers/worker.ts")!;
    expect(nodeUses(worker)).toEqual({
      imports: ["idempotency", "queue", "topic"],
      calls: ["announce", "queue.send", "topic.publish"],
    });
    expect(worker).toMatch(/const announce = once\("announce", async \(item: Item\): Promise<void> => \{\n  await queue\.send\(item\);\n  await topic\.publish\(item\);\n\}\);/);
    expect(tree.read("src/handlers/worker.test.ts")).toMatch(/^const uses = \{ queue: true, topic: true \};$/m);
  });

  it("a function with none of them says so and stores nothing; its tests expect no writes", async () => {
    const { tree, auditor } = await splitProject("nodejs24.x");
    const handler = tree.read(`src/handlers/${auditor}.ts`)!;
    expect(nodeUses(handler)).toEqual({ imports: [], calls: [] });
    expect(handler.match(/^\s+\/\/ This function uses no table, bucket, queue or topic/gm)).toHaveLength(1);
    const test = tree.read(`src/handlers/${auditor}.test.ts`)!;
    expect(test).toMatch(/^const uses = \{\};$/m);
    // It calls no AWS, so no failing-dependency tests pretend it does.
    expect(test).not.toMatch(/awsFails/);
  });

  it("the shared code stores nothing: items.ts is the domain model, the router takes the handler's logic", async () => {
    const { tree } = await splitProject("nodejs24.x");
    const items = tree.read("src/lib/items.ts")!;
    expect(items).toMatch(/export function toItem\(/);
    expect(items).toMatch(/export function objectKey\(/);
    expect(items).not.toMatch(/saveItem|getItem|given\(|announce\(|from "\.\/(table|bucket|queue|topic|signing|idempotency)"/);
    expect(tree.read("src/lib/http.ts")).not.toMatch(/saveItem|getItem|from "\.\/(table|bucket|queue|topic|signing)"/);
  });

  it("adding a resource to one function changes that function's handler and its test only", async () => {
    const before = await splitProject("nodejs24.x");
    const spec = structuredClone(before.spec);
    spec.resources.find((r) => r.name === "table")!.functions = ["api", "worker"];
    const after = await renderProject(spec, layers);
    const changed = after
      .entries()
      .filter(([file, content]) => file.startsWith("src/") && before.tree.read(file) !== content)
      .map(([file]) => file);
    expect(changed.sort()).toEqual(["src/handlers/worker.test.ts", "src/handlers/worker.ts"]);
    expect(nodeUses(after.read("src/handlers/worker.ts")!).calls).toEqual(["announce", "queue.send", "table.putItem", "topic.publish"]);
  });

  it("the view has no runtime partial-resource checks left", async () => {
    const { spec } = await splitProject("nodejs24.x");
    const view = projectView(spec) as Record<string, unknown>;
    expect(view).not.toHaveProperty("partial");
    expect(view).not.toHaveProperty("anyPartial");
  });
});

/** The resources a Python handler imports (the idempotency wrapper stands for queue and topic) and the calls it makes. */
const pythonUses = (source: string) => ({
  imports: [
    ...[...source.matchAll(/^from app\.lib import ([\w, ]+)$/gm)].flatMap((m) => m[1]!.split(", ")),
    ...[...source.matchAll(/^from app\.lib\.(signing|idempotency) import/gm)].map((m) => m[1]!),
  ]
    .filter((name) => ["table", "bucket", "queue", "topic", "signing", "idempotency"].includes(name))
    .sort(),
  calls: [...new Set([...source.matchAll(/\b(table\.\w+|bucket\.\w+|queue\.send|topic\.publish|sign_item|once)\(/g)].map((m) => m[1]))].sort(),
});

describe("handlers use only their own function's resources (Python)", () => {
  it("api stores in the table and bucket, signed, and reads back from the table; nothing else", async () => {
    const { tree } = await splitProject("python3.13");
    expect(pythonUses(tree.read("src/app/handlers/api.py")!)).toEqual({
      imports: ["bucket", "signing", "table"],
      calls: ["bucket.put_json", "sign_item", "table.get_item", "table.put_item"],
    });
    expect(tree.read("tests/test_api.py")).toMatch(/^\s+return Uses\(table=True, bucket=True, secret=True\)$/m);
  });

  it("worker announces to the queue and the topic, once per item; nothing else", async () => {
    const { tree } = await splitProject("python3.13");
    const worker = tree.read("src/app/handlers/worker.py")!;
    expect(pythonUses(worker)).toEqual({ imports: ["idempotency", "queue", "topic"], calls: ["once", "queue.send", "topic.publish"] });
    expect(worker).toMatch(/once\("announce", item, /);
    expect(tree.read("tests/test_worker.py")).toMatch(/^\s+return Uses\(queue=True, topic=True\)$/m);
  });

  it("a function with none of them says so and stores nothing", async () => {
    const { tree, auditor } = await splitProject("python3.13");
    const handler = tree.read(`src/app/handlers/${auditor}.py`)!;
    expect(pythonUses(handler)).toEqual({ imports: [], calls: [] });
    expect(handler.match(/^\s+# This function uses no table, bucket, queue, topic or secret/gm)).toHaveLength(1);
    expect(tree.read(`tests/test_${auditor}.py`)).toMatch(/^\s+return Uses\(\)$/m);
  });

  it("the shared code stores nothing: items.py is the domain model", async () => {
    const { tree } = await splitProject("python3.13");
    const items = tree.read("src/app/lib/items.py")!;
    expect(items).toMatch(/^def to_item\(/m);
    expect(items).toMatch(/^def object_key\(/m);
    expect(items).not.toMatch(/save_item|get_item|_given\(|given\(|announce\(|from app\.lib import|from app\.lib\.(signing|idempotency)/);
    expect(tree.read("src/app/lib/http.py")).not.toMatch(/save_item|get_item|from app\.lib import (table|bucket)/);
  });

  it("adding a resource to one function changes that function's handler and its test only", async () => {
    const before = await splitProject("python3.13");
    const spec = structuredClone(before.spec);
    spec.resources.find((r) => r.name === "table")!.functions = ["api", "worker"];
    const after = await renderProject(spec, layers);
    const changed = after
      .entries()
      .filter(([file, content]) => (file.startsWith("src/") || file.startsWith("tests/test_")) && before.tree.read(file) !== content)
      .map(([file]) => file);
    expect(changed.sort()).toEqual(["src/app/handlers/worker.py", "tests/test_worker.py"]);
    expect(pythonUses(after.read("src/app/handlers/worker.py")!).calls).toEqual(["once", "queue.send", "table.put_item", "topic.publish"]);
  });
});
