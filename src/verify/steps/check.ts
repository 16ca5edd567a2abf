import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { LambdaformError } from "../../errors.js";
import type { PackRecord } from "../../manifest/manifest.js";
import { loadPack, loadPackRules } from "../../packs/pack.js";
import { recordedPackDir } from "../../packs/resolve-pack.js";
import { awsFunctionName } from "../../project/naming.js";
import { StepFailure, type Step, type StepContext } from "../context.js";
import { runRules, unusedWaivers, type Rule, type RuleResult } from "../rules/index.js";
import { checkStack, type ExpectedFunction } from "../stack/structure.js";
import { TerraformJson } from "../stack/terraform-json.js";
import { stackFiles } from "./synth.js";

/**
 * Reads the synthesized stacks: every function has its role, log group and package, every
 * invoker points at a real function, every trigger has its wiring; then the security rules.
 */
export const checkStep: Step = {
  id: "check",
  describe: () => "structure and security rules of cdktf.out/stacks/*/cdk.tf.json",
  async run(ctx) {
    const files = stackFiles(ctx.dir);
    if (files.length === 0) throw new StepFailure("no synthesized stack in cdktf.out/stacks/");
    const expected: ExpectedFunction[] = ctx.project.manifest.spec.functions.map((f) => ({
      awsName: awsFunctionName(ctx.project.manifest.spec.name, f.name),
      trigger: f.trigger,
    }));
    // Rules an org's template packs add, recorded in the manifest relative to the project. A
    // pack that has gone missing is a failure: passing without the org's rules would be a lie.
    const packRules: Rule[] = [];
    for (const record of ctx.project.manifest.templatePacks ?? []) {
      packRules.push(...(await recordedPackRules(record, ctx.dir)));
    }
    const problems: string[] = [];
    const everywhere = new Set<unknown>();
    let functions = 0;
    for (const file of files) {
      const stack: unknown = JSON.parse(readFileSync(file, "utf8"));
      const names = new Set(new TerraformJson(stack).resources("aws_lambda_function").map((f) => f.body.function_name));
      names.forEach((n) => everywhere.add(n));
      functions += names.size;
      const label = files.length > 1 ? `${path.basename(path.dirname(file))}: ` : "";
      const here = expected.filter((e) => names.has(e.awsName) || files.length === 1);
      problems.push(...checkStack(stack, path.dirname(file), here).map((p) => label + p));
      ctx.rules.push(...runRules({ stack, manifest: ctx.project.manifest, projectDir: ctx.dir, extraRules: packRules }));
    }
    if (files.length > 1) {
      for (const e of expected) if (!everywhere.has(e.awsName)) problems.push(`function ${e.awsName} is in lambdaform.json but in no stack`);
    }
    const failedRules = ctx.rules.filter((r) => r.status === "failed");
    // Waivers and deliberate exceptions (a public function URL) are printed on every run, not just once.
    const notes = [
      ...ctx.rules.filter((r) => r.status === "waived").map((r) => `waived ${describeRule(r)}: ${r.reason ?? "no reason given"}`),
      ...ctx.rules.filter((r) => r.status === "passed" && r.message).map((r) => `note ${describeRule(r)}: ${r.message}`),
      ...unusedWaivers(ctx.project.manifest, ctx.rules).map((w) => `waiver for ${w.rule} on ${w.resource} matches nothing: remove it from lambdaform.json`),
    ];
    if (problems.length > 0 || failedRules.length > 0) {
      const lines = [...problems, ...failedRules.map((r) => `rule ${describeRule(r)}: ${r.message ?? r.description}`)];
      const first = lines[0]!;
      const more = lines.length > 1 ? ` (and ${lines.length - 1} more)` : "";
      throw new StepFailure(first + more, undefined, lines.join("\n"));
    }
    return { status: "passed", detail: summary(ctx, functions), notes, metrics: { functions, rules: countRules(ctx.rules) } };
  },
};

/**
 * A pack's rules, each wrapped so that one throwing while it checks is reported as the pack's
 * fault (a failed rule naming the pack), and a pack that cannot be found or loaded fails the step.
 */
async function recordedPackRules(record: PackRecord, projectDir: string): Promise<Rule[]> {
  const where = "folder" in record.source ? record.source.folder : `${record.source.npm}@${record.version ?? "latest"}`;
  try {
    const dir = await recordedPackDir(record, projectDir);
    if (!existsSync(dir)) throw new StepFailure(`template pack ${record.name} (${where}, in lambdaform.json) is missing: its rules cannot run`);
    const rules = await loadPackRules(loadPack(dir));
    return rules.map((rule) => ({
      ...rule,
      check: (stack, context) => {
        try {
          return rule.check(stack, context);
        } catch (error) {
          throw new Error(`template pack ${record.name} is broken: its rule threw ${error instanceof Error ? error.message : String(error)}`);
        }
      },
    }));
  } catch (error) {
    if (error instanceof LambdaformError) throw new StepFailure(error.message);
    throw error;
  }
}

function describeRule(r: RuleResult): string {
  return r.resource ? `${r.rule} on ${r.resource}` : r.rule;
}

function countRules(rules: RuleResult[]) {
  return {
    passed: rules.filter((r) => r.status === "passed").length,
    failed: rules.filter((r) => r.status === "failed").length,
    waived: rules.filter((r) => r.status === "waived").length,
  };
}

function summary(ctx: StepContext, functions: number): string {
  const counts = countRules(ctx.rules);
  const rules = ctx.rules.length === 0 ? "no security rules ran" : `${counts.passed} rule checks passed${counts.waived ? `, ${counts.waived} waived` : ""}`;
  return `${functions} function${functions === 1 ? "" : "s"} with role, log group, package and trigger wiring; ${rules}`;
}
