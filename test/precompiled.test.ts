import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { builtinTemplates, packageRoot } from "../src/paths.js";
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

describe("the built create-lambdaform bin", () => {
  it("renders the default project from precompiled templates without loading Handlebars' compiler", () => {
    const bin = path.join(packageRoot, "dist/src/bin/create-lambdaform.js");
    expect(existsSync(bin), "run npm run build").toBe(true);
    const work = tempDir();
    // Node's CommonJS cache holds every module require() loaded, Handlebars' included.
    const preload = path.join(work, "record-modules.cjs");
    const record = path.join(work, "modules.json");
    writeFileSync(preload, `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(record)}, JSON.stringify(Object.keys(require.cache))));`);
    execFileSync(process.execPath, ["--require", preload, bin, "svc", "--yes", "--no-install", "--no-verify"], { cwd: work, stdio: "pipe" });
    expect(readdirSync(path.join(work, "svc"))).toContain("lambdaform.json");
    const modules: string[] = JSON.parse(readFileSync(record, "utf8"));
    expect(modules.some((file) => file.includes(`${path.sep}handlebars${path.sep}`)), "Handlebars' runtime runs the templates").toBe(true);
    expect(modules.filter((file) => file.includes(`${path.sep}compiler${path.sep}`))).toEqual([]);
    // Only the templates this project renders are loaded: none of another trigger's or of a resource's.
    const templates = modules.filter((file) => file.startsWith(precompiled.precompiledDir + path.sep)).map((file) => path.relative(precompiled.precompiledDir, file));
    expect(templates.length).toBeGreaterThan(10);
    expect(templates.filter((file) => !/^(base|shared|triggers\/http-api)\//.test(file))).toEqual([]);
  });
});

describe("node-plop", () => {
  it("is loaded from the build's bundle, which imports no prompt library nor Handlebars, and runs our generator", async () => {
    const { vendoredPlop, loadNodePlop } = await import("../src/render/plop.js");
    expect(existsSync(vendoredPlop), "run npm run build").toBe(true);
    const bundle = readFileSync(vendoredPlop, "utf8");
    expect(bundle).not.toMatch(/from\s+"(inquirer|rxjs|handlebars)"/);
    const nodePlop = await loadNodePlop();
    const plop = await nodePlop("", { destBasePath: "/dev/null/x", force: false });
    plop.setGenerator("probe", { description: "probe", prompts: [], actions: [] });
    expect(plop.getGeneratorList().map((g) => g.name)).toEqual(["probe"]);
    // Plop's own use of Handlebars loads it when first needed.
    plop.setHelper("shout", (text: string) => text.toUpperCase());
    expect(plop.renderString("{{shout name}}-{{n}}", { name: "api", n: 2 })).toBe("API-2");
  });
});
