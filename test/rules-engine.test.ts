import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { starResourceActions } from "../src/verify/rules/iam.js";
import { builtinRules, runRules, unusedWaivers, type Rule } from "../src/verify/rules/index.js";
import { address, body, failed, fixture, run } from "./rules-support.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** One failing stack: the HTTP API stage loses its throttling. */
function unthrottled() {
  const fx = fixture("http-api-node");
  delete body(fx, "aws_apigatewayv2_stage").default_route_settings;
  return { fx, stage: address(fx, "aws_apigatewayv2_stage") };
}

describe("runRules", () => {
  it("gives one passed result per rule on a clean stack, in rule order", () => {
    const results = run(fixture("http-api-node"));
    expect(results.map((r) => r.rule)).toEqual(builtinRules.map((r) => r.id));
    expect(results.every((r) => r.status === "passed" && r.resource === undefined)).toBe(true);
    expect(results[0]!.description).toBe(builtinRules[0]!.description);
  });

  it("reports failures with the rule, its description, the Terraform address and a message", () => {
    const { fx, stage } = unthrottled();
    const results = failed(run(fx));
    expect(results).toEqual([
      {
        rule: "LF031",
        description: builtinRules.find((r) => r.id === "LF031")!.description,
        status: "failed",
        resource: stage,
        message: expect.stringMatching(/throttling_rate_limit/),
      },
    ]);
  });

  it("turns a failure that a waiver names into waived, with the waiver's reason", () => {
    const { fx, stage } = unthrottled();
    fx.manifest.waivers = [{ rule: "LF031", resource: stage, reason: "internal API; the caller throttles" }];
    const results = run(fx);
    expect(failed(results)).toEqual([]);
    expect(results.filter((r) => r.rule === "LF031")).toEqual([
      expect.objectContaining({ status: "waived", resource: stage, reason: "internal API; the caller throttles", message: expect.any(String) }),
    ]);
    expect(unusedWaivers(fx.manifest, results)).toEqual([]);
  });

  it("applies a waiver only to its own rule and resource", () => {
    const { fx, stage } = unthrottled();
    fx.manifest.waivers = [
      { rule: "LF030", resource: stage, reason: "wrong rule" },
      { rule: "LF031", resource: "aws_apigatewayv2_stage.other", reason: "wrong resource" },
    ];
    const results = run(fx);
    expect(failed(results).map((r) => r.rule)).toEqual(["LF031"]);
    expect(unusedWaivers(fx.manifest, results).map((w) => w.reason)).toEqual(["wrong rule", "wrong resource"]);
  });

  it("runs extra rules from template packs after the built-in ones, and waives them too", () => {
    const fx = fixture("http-api-node");
    const seen: string[] = [];
    const tagRule: Rule = {
      id: "ORG001",
      description: "Functions carry a cost-center tag",
      check(stack, ctx) {
        seen.push(ctx.manifest.spec.name);
        return stack
          .resources("aws_lambda_function")
          .filter((f) => !f.body.tags?.["cost-center"])
          .map((f) => ({ resource: f.address, message: "has no cost-center tag" }));
      },
    };
    const fn = address(fx, "aws_lambda_function", "api_function");
    let results = run(fx, [tagRule]);
    expect(seen).toEqual([fx.manifest.spec.name]);
    expect(results.at(-1)).toEqual({ rule: "ORG001", description: "Functions carry a cost-center tag", status: "failed", resource: fn, message: "has no cost-center tag" });

    fx.manifest.waivers = [{ rule: "ORG001", resource: fn, reason: "tagged by the account's SCP" }];
    results = run(fx, [tagRule]);
    expect(results.at(-1)).toMatchObject({ rule: "ORG001", status: "waived", reason: "tagged by the account's SCP" });
  });

  it("reports a rule that throws as failed instead of crashing the check", () => {
    const broken: Rule = { id: "ORG002", description: "broken", check: () => { throw new Error("boom"); } };
    const result = run(fixture("http-api-node"), [broken]).at(-1)!;
    expect(result).toMatchObject({ rule: "ORG002", status: "failed", message: "the rule crashed: boom" });
  });

  it("refuses a pack rule that reuses a built-in id", () => {
    const clash: Rule = { id: "LF001", description: "impostor", check: () => [] };
    const results = run(fixture("http-api-node"), [clash]);
    expect(results.filter((r) => r.rule === "LF001")).toEqual([
      expect.objectContaining({ status: "passed", description: builtinRules[0]!.description }),
      expect.objectContaining({ status: "failed", description: "impostor", message: expect.stringMatching(/defined twice/) }),
    ]);
  });

  it("copes with an empty stack and a manifest without waivers", () => {
    const fx = fixture("http-api-node");
    const manifest = { ...fx.manifest, waivers: undefined as never };
    const results = runRules({ stack: {}, manifest, projectDir: "/p" });
    // One pass per rule: nothing to judge is a pass, not a missing result.
    expect(results.map((r) => `${r.rule} ${r.status}`)).toEqual(builtinRules.map((r) => `${r.id} passed`));
  });
});

describe("rule catalog", () => {
  it("has unique, stable-looking ids and one-line descriptions", () => {
    const ids = builtinRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of builtinRules) {
      expect(rule.id).toMatch(/^LF\d{3}$/);
      expect(rule.description).not.toMatch(/\n/);
      expect(rule.description.length).toBeLessThan(160);
    }
  });

  it.each(["docs/security-rules.md", "README.md"])("is listed in %s, with the same descriptions", (file) => {
    const doc = readFileSync(path.join(root, file), "utf8");
    const rows = new Map([...doc.matchAll(/^\| (LF\d{3}) \| (.+) \|$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(builtinRules.map((r) => [r.id, r.description])));
  });

  it("explains every rule in docs/security-rules.md", () => {
    const doc = readFileSync(path.join(root, "docs/security-rules.md"), "utf8");
    for (const rule of builtinRules) expect(doc, `a section for ${rule.id}`).toMatch(new RegExp(`^### .*${rule.id}`, "m"));
  });

  it("documents every action allowed on Resource * with its reason", () => {
    const doc = readFileSync(path.join(root, "docs/security-rules.md"), "utf8");
    const rows = new Map([...doc.matchAll(/^\| ([a-z0-9-]+:[A-Za-z]+) \| (.+) \|$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(Object.fromEntries(rows)).toEqual(starResourceActions);
  });
});
