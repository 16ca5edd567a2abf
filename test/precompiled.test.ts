import { cpSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { builtinTemplates } from "../src/paths.js";
import * as precompiled from "../src/render/precompiled.js";
import { TemplateLayers } from "../src/render/template-layers.js";
import { renderFor } from "./support/render.js";
import { removeTempDirs, tempDir } from "./support/project.js";

/**
 * The build compiles the built-in templates ahead of time; what they render must be exactly what
 * compiling them at run time (as packs' templates are) renders.
 */
const everything = [
  ...["http-api", "rest-api", "function-url", "s3", "sqs", "sns", "schedule", "eventbridge", "dynamodb-stream"].flatMap((t) => ["--trigger", t]),
  ...["table", "bucket", "queue", "topic", "secret", "layer"].flatMap((r) => ["--resource", r]),
];

afterAll(removeTempDirs);

describe("precompiled templates", () => {
  it.each(["nodejs24.x", "python3.13"])("%s: render the same as templates compiled at run time", async (runtime) => {
    const args = ["svc", "--runtime", runtime, ...everything];
    const before = precompiled.precompiledHits;
    const ahead = await renderFor(args);
    // `npm run build` makes them; a stale build (templates edited since) is compiled at run time instead.
    expect(precompiled.precompiledHits - before, "no template came precompiled: run npm run build").toBeGreaterThan(50);
    const copy = path.join(tempDir(), "templates");
    cpSync(builtinTemplates, copy, { recursive: true });
    const atRunTime = await renderFor(args, new TemplateLayers([copy]));
    expect(ahead.entries()).toEqual(atRunTime.entries());
  });
});

describe("node-plop", () => {
  it("is loaded from the build's bundle, which imports no prompt library, and runs our generator", async () => {
    const { vendoredPlop, loadNodePlop } = await import("../src/render/plop.js");
    expect(existsSync(vendoredPlop), "run npm run build").toBe(true);
    const bundle = readFileSync(vendoredPlop, "utf8");
    expect(bundle).not.toMatch(/from\s+"(inquirer|rxjs)"/);
    expect(bundle).toMatch(/import handlebars from "handlebars"/);
    const nodePlop = await loadNodePlop();
    const plop = await nodePlop("", { destBasePath: "/dev/null/x", force: false });
    plop.setGenerator("probe", { description: "probe", prompts: [], actions: [] });
    expect(plop.getGeneratorList().map((g) => g.name)).toEqual(["probe"]);
  });
});
