import { describe, expect, it } from "vitest";
import { renderFor } from "./support/render.js";

/** Every trigger with a Node handler; the generated handler tests (run by verify) prove the behaviour, these the shape. */
const triggers = ["http-api", "rest-api", "function-url", "s3", "sqs", "sns", "schedule", "eventbridge", "dynamodb-stream"];
const handlerOf = async (trigger: string, resources: string[] = []) => {
  const tree = await renderFor(["svc", "--trigger", trigger, ...resources.flatMap((r) => ["--resource", r])]);
  const file = tree.entries().map(([p]) => p).find((p) => p.startsWith("src/handlers/") && !p.endsWith(".test.ts"));
  return { tree, handler: tree.read(file!)! };
};

describe("Node handlers (issue 9)", () => {
  it.each(triggers)("%s: one marked place for the team's logic, observed (log context, metrics flushed)", async (trigger) => {
    const { tree, handler } = await handlerOf(trigger);
    expect(handler.match(/YOUR LOGIC/g)).toHaveLength(1);
    // The HTTP router takes what to do with items from the handler: it stores and reads nothing itself.
    const router = tree.read("src/lib/http.ts");
    if (router !== undefined) {
      expect(router).not.toMatch(/YOUR LOGIC|saveItem|getItem|\.\/(table|bucket|queue|topic|signing)"/);
      expect(handler).toMatch(/handleHttp\([^;]*context\.awsRequestId,\s+items,?\s*\)/);
    }
    expect(handler).toMatch(/export const handler = observed\(/);
    expect(handler).not.toMatch(/logger\.addContext/);
  });

  it.each(["sqs", "sns", "eventbridge", "dynamodb-stream"])("%s: items without an id take the source's id", async (trigger) => {
    const { handler } = await handlerOf(trigger);
    expect(handler).toMatch(/toItem\([^;]*, (messageId|eventId|record\.eventID)\)/);
  });

  it("captures every AWS client with the tracer and pins the Powertools packages together", async () => {
    const tree = await renderFor(["svc", "--trigger", "sqs", ...["table", "bucket", "queue", "topic", "secret"].flatMap((r) => ["--resource", r])]);
    for (const lib of ["table", "bucket", "queue", "topic", "secret"]) expect(tree.read(`src/lib/${lib}.ts`)).toMatch(/tracer\.captureAWSv3Client\(new \w+Client\(\{\}\)\)/);
    const pkg = JSON.parse(tree.read("package.json")!);
    const powertools = Object.entries<string>(pkg.dependencies).filter(([name]) => name.startsWith("@aws-lambda-powertools/"));
    // Idempotency too: the queue and topic announcements run once per item.
    expect(powertools.map(([name]) => name)).toEqual([
      "@aws-lambda-powertools/idempotency",
      "@aws-lambda-powertools/logger",
      "@aws-lambda-powertools/metrics",
      "@aws-lambda-powertools/tracer",
    ]);
    expect(tree.read("src/lib/idempotency.ts")).toMatch(/awsSdkV3Client: tracer\.captureAWSv3Client\(idempotencyClient\)/);
    expect(new Set(powertools.map(([, version]) => version)).size).toBe(1);
    expect(pkg.devDependencies["@biomejs/biome"]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.scripts.lint).toBe("biome check --error-on-warnings .");
    expect(tree.read("biome.json")).toBeDefined();
  });

  it("gives Python projects no Biome", async () => {
    const tree = await renderFor(["svc", "--trigger", "sqs", "--runtime", "python3.13"]);
    expect(tree.read("biome.json")).toBeUndefined();
    expect(JSON.parse(tree.read("package.json")!).scripts.lint).toBeUndefined();
  });
});
