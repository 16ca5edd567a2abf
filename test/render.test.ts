import { describe, expect, it } from "vitest";
import { runtimes } from "../src/catalog/runtimes.js";
import { triggerIds, type TriggerId } from "../src/catalog/trigger.js";
import { resourceIds } from "../src/catalog/resource.js";
import { pascalCase } from "../src/project/naming.js";
import { hashContent, manifestFile } from "../src/manifest/manifest.js";
import type { Tree } from "../src/render/tree.js";
import { json, renderFor } from "./support/render.js";

/**
 * What each AWS service's event looks like, as the Lambda developer guide documents it. The
 * generated samples must match these independently written checks.
 */
const eventShapes: Record<TriggerId, (event: any) => boolean> = {
  "http-api": (e) => e.version === "2.0" && typeof e.rawPath === "string" && typeof e.requestContext?.http?.method === "string",
  "rest-api": (e) => typeof e.httpMethod === "string" && typeof e.resource === "string" && typeof e.requestContext?.stage === "string" && "multiValueHeaders" in e,
  "function-url": (e) => e.version === "2.0" && e.routeKey === "$default" && typeof e.requestContext?.http?.method === "string",
  s3: (e) => e.Records?.every((r: any) => r.eventSource === "aws:s3" && r.s3?.bucket?.name && typeof r.s3?.object?.key === "string"),
  sqs: (e) => e.Records?.every((r: any) => r.eventSource === "aws:sqs" && r.messageId && r.receiptHandle && typeof r.body === "string"),
  sns: (e) => e.Records?.every((r: any) => r.EventSource === "aws:sns" && typeof r.Sns?.Message === "string" && r.Sns?.TopicArn),
  schedule: (e) => typeof e === "object" && e !== null && !Array.isArray(e),
  eventbridge: (e) => typeof e["detail-type"] === "string" && typeof e.source === "string" && "detail" in e && typeof e.account === "string",
  "dynamodb-stream": (e) => e.Records?.every((r: any) => r.eventSource === "aws:dynamodb" && r.dynamodb?.SequenceNumber && r.eventName),
};

function eventsOf(tree: Tree, fn: string): [string, any][] {
  return tree
    .entries()
    .filter(([file]) => file.startsWith(`events/${fn}/`) && file.endsWith(".json"))
    .map(([file, content]) => [file, JSON.parse(content)]);
}

describe.each(runtimes.map((r) => [r.id, r.language] as const))("create --yes --runtime %s", (runtime, language) => {
  it.each(triggerIds)("--trigger %s writes a complete project", async (trigger) => {
    const tree = await renderFor(["svc", "--runtime", runtime, "--trigger", trigger]);
    const manifest = json(tree, manifestFile);
    const fn = manifest.spec.functions[0];
    expect(fn.trigger).toBe(trigger);

    const handler = language === "node" ? `src/handlers/${fn.name}.ts` : `src/app/handlers/${fn.name.replaceAll("-", "_")}.py`;
    const test = language === "node" ? `src/handlers/${fn.name}.test.ts` : `tests/test_${fn.name.replaceAll("-", "_")}.py`;
    for (const file of [handler, test, `infra/triggers/${trigger}.ts`, "infra/stack.ts", "infra/stack.test.ts", "package.json", "README.md", ".gitignore", ".github/workflows/ci.yml"]) {
      expect(tree.has(file), file).toBe(true);
    }
    expect(tree.read("infra/stack.ts")).toContain(`new ${pascalCase(trigger)}Trigger(this, `);
    expect(tree.read("README.md")).toContain(`\`${fn.name}\``);

    const events = eventsOf(tree, fn.name);
    expect(events.length).toBeGreaterThan(0);
    for (const [file, event] of events) expect(eventShapes[trigger](event), file).toBe(true);
  });
});

describe("projects with resources", () => {
  it.each(runtimes.map((r) => r.id))("%s: every resource is wired into code, stack and README", async (runtime) => {
    const args = ["svc", "--runtime", runtime, "--trigger", "http-api", "--trigger", "sqs"];
    for (const id of resourceIds) args.push("--resource", id);
    const tree = await renderFor(args);
    const stack = tree.read("infra/stack.ts")!;
    for (const id of resourceIds) expect(tree.has(`infra/resources/${id}.ts`), id).toBe(true);
    for (const envVar of ["TABLE_NAME", "BUCKET_NAME", "QUEUE_URL", "TOPIC_ARN", "SECRET_ARN"]) {
      const code = tree.entries().filter(([f]) => f.startsWith("src/")).map(([, c]) => c).join("\n");
      expect(code, envVar).toContain(envVar);
    }
    expect(stack).toMatch(/table\.grantTo\(api\)/);
    expect(stack).toMatch(/layers: \[layer\.arn(\]|, \.\.\.\(dependencies)/);
  });
});

describe("the manifest", () => {
  it("records the spec, the generator and a hash of every other file", async () => {
    const tree = await renderFor(["svc", "--trigger", "sqs", "--resource", "table"]);
    const manifest = json(tree, manifestFile);
    expect(manifest.generator.name).toBe("create-lambdaform");
    expect(manifest.schemaVersion).toBe(4);
    // Every function uses every resource at create; `add resource --function` narrows it.
    expect(manifest.spec.resources).toEqual([{ type: "table", name: "table", functions: ["worker"] }]);
    const files = tree.entries().filter(([file]) => file !== manifestFile);
    expect(Object.keys(manifest.files)).toEqual(files.map(([file]) => file));
    for (const [file, content] of files) expect(manifest.files[file], file).toBe(hashContent(content));
  });

  it("is deterministic: the same answers render the same bytes", async () => {
    const args = ["svc", "--trigger", "s3", "--trigger", "schedule", "--resource", "bucket"];
    const [a, b] = [await renderFor(args), await renderFor(args)];
    expect(a.entries()).toEqual(b.entries());
  });
});
