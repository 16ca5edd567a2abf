import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { resourceIds } from "../src/catalog/resource.js";
import { triggerIds } from "../src/catalog/trigger.js";
import { lambdaform } from "./support/grow.js";
import { generateProject, removeTempDirs } from "./support/project.js";

/**
 * A generated Node project is formatted as Biome formats it (`biome check`: lint, format and
 * import order), so `npm run lint` passes on day one and a team's first `npm run format` changes
 * nothing it did not write. Templates render imports and lines under conditions, so each
 * combination of resources (and the public function URL, another branch) is checked; a project
 * grown by `add` covers the resources only some functions use.
 */
afterAll(removeTempDirs);

const everyTrigger = triggerIds.flatMap((id) => ["--trigger", id]);
const withResources = (...ids: string[]) => ids.flatMap((id) => ["--resource", id]);
const combinations: [string, string[]][] = [
  ["no resources, public function URL", [...everyTrigger, "--url-auth", "NONE"]],
  ["every resource", [...everyTrigger, ...withResources(...resourceIds)]],
  ...(["table", "bucket", "queue", "topic", "secret", "layer"] as const).map((id): [string, string[]] => [`only ${id}`, [...everyTrigger, ...withResources(id)]]),
  ["bucket and queue, no table", [...everyTrigger, ...withResources("bucket", "queue")]],
];

async function biomeCheck(dir: string) {
  return execa(path.join(dir, "node_modules/.bin/biome"), ["check", "--error-on-warnings", "--colors=off", "--max-diagnostics=50", "."], {
    cwd: dir,
    reject: false,
    all: true,
  });
}

describe("generated Node projects are Biome-clean as generated", () => {
  // Names land in lines of code: the longest a project may have, so no line outgrows Biome's width.
  it.each(combinations)("%s", async (_label, args) => {
    const dir = await generateProject("payments-reconciliation-service1", ["--runtime", "nodejs24.x", ...args]);
    const result = await biomeCheck(dir);
    expect(result.exitCode, result.all).toBe(0);
  });

  it("after add gives a resource to one function and adds a function that uses none", async () => {
    const dir = await generateProject("fmt-grow", ["--runtime", "nodejs24.x", "--trigger", "http-api", "--trigger", "sqs", "--resource", "table"]);
    expect((await lambdaform(dir, "add", ["resource", "topic", "--function", "worker", "--yes", "--no-install", "--no-verify"])).code).toBe(0);
    expect((await lambdaform(dir, "add", ["function", "nightly", "--trigger", "schedule", "--uses", "none", "--yes", "--no-install", "--no-verify"])).code).toBe(0);
    const result = await biomeCheck(dir);
    expect(result.exitCode, result.all).toBe(0);
  });
});
