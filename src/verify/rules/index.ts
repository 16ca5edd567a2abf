import { awsFunctionName } from "../../project/naming.js";
import type { Manifest, Waiver } from "../../manifest/manifest.js";
import type { FunctionSpec } from "../../project/spec.js";
import { apiRules } from "./api.js";
import { functionRules } from "./functions.js";
import { iamRules } from "./iam.js";
import { storageRules } from "./storage.js";
import { TerraformJson, type TfResource } from "../stack/terraform-json.js";
import { triggerRules } from "./triggers.js";
import type { Finding, Rule, RuleContext } from "./types.js";

export type { Finding, Rule, RuleContext } from "./types.js";
export { TerraformJson, type TfResource, type TfRef } from "../stack/terraform-json.js";

/** One security rule applied to one resource (or to the whole stack when `resource` is absent). */
export interface RuleResult {
  rule: string;
  description: string;
  status: "passed" | "failed" | "waived";
  resource?: string;
  message?: string;
  /** Why it is waived (from lambdaform.json → waivers, or the setting that allows it); printed on every verify run. */
  reason?: string;
}

export interface RuleInput {
  /** The parsed cdk.tf.json of one stack. */
  stack: any;
  manifest: Manifest;
  projectDir: string;
  /** Rules from template packs, run after the built-in ones. */
  extraRules?: Rule[];
}

/** lambdaform's own rules, in report order. docs/security-rules.md lists each one. */
export const builtinRules: readonly Rule[] = [...iamRules, ...triggerRules, ...storageRules, ...apiRules, ...functionRules];

function specFunctionFinder(manifest: Manifest): (fn: TfResource) => FunctionSpec | undefined {
  const spec = manifest.spec;
  return (fn) => {
    const byName = spec.functions.find((f) => awsFunctionName(spec.name, f.name) === fn.body.function_name);
    if (byName) return byName;
    // cdktf's construct path is `<stack>/<function id>/function`; ServiceFunction ids are spec names.
    const path: unknown = fn.body["//"]?.metadata?.path;
    const id = typeof path === "string" ? path.split("/")[1] : undefined;
    return spec.functions.find((f) => f.name === id);
  };
}

function waiverFor(waivers: readonly Waiver[], rule: string, resource: string): Waiver | undefined {
  return waivers.find((w) => w.rule === rule && w.resource === resource);
}

/**
 * Runs every rule on a synthesized stack. A failure that `manifest.waivers` lists (same rule id
 * and Terraform address) is reported as waived with the waiver's reason. A rule with nothing to
 * report gives one `passed` result without a resource.
 */
export function runRules(input: RuleInput): RuleResult[] {
  const tf = new TerraformJson(input.stack);
  const ctx: RuleContext = { manifest: input.manifest, projectDir: input.projectDir, specFunction: specFunctionFinder(input.manifest) };
  const waivers = input.manifest.waivers ?? [];
  const results: RuleResult[] = [];
  const ids = new Set<string>();

  for (const rule of [...builtinRules, ...(input.extraRules ?? [])]) {
    const base = { rule: rule.id, description: rule.description };
    if (ids.has(rule.id)) {
      results.push({ ...base, status: "failed", message: `rule id ${rule.id} is defined twice; the second definition did not run` });
      continue;
    }
    ids.add(rule.id);

    let findings: Finding[];
    try {
      findings = rule.check(tf, ctx);
      if (!Array.isArray(findings)) throw new Error("check() must return an array of findings");
    } catch (error) {
      results.push({ ...base, status: "failed", message: `the rule crashed: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }

    const seen = new Set<string>();
    const own: RuleResult[] = [];
    for (const f of findings) {
      const key = `${f.resource}\n${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const status = f.status ?? "failed";
      const waiver = status === "failed" ? waiverFor(waivers, rule.id, f.resource) : undefined;
      if (waiver) own.push({ ...base, status: "waived", resource: f.resource, message: f.message, reason: waiver.reason });
      else own.push({ ...base, status, resource: f.resource, message: f.message, ...(f.reason ? { reason: f.reason } : {}) });
    }
    results.push(...(own.length > 0 ? own : [{ ...base, status: "passed" as const }]));
  }
  return results;
}

/** Waivers that matched no failure: stale after a fix or a rename, worth removing. */
export function unusedWaivers(manifest: Manifest, results: readonly RuleResult[]): Waiver[] {
  return (manifest.waivers ?? []).filter(
    (w) => !results.some((r) => r.status === "waived" && r.rule === w.rule && r.resource === w.resource && r.reason === w.reason),
  );
}
