import type { Manifest } from "../../manifest/manifest.js";
import type { FunctionSpec } from "../../project/spec.js";
import type { TerraformJson, TfResource } from "../stack/terraform-json.js";

/**
 * What a rule reports about one resource. A finding is a failure unless it says otherwise:
 * `passed` records a pass worth a note (a public function URL the spec asked for), `waived` an
 * exception the project's own settings make (tracing turned off), with the reason.
 */
export interface Finding {
  /** Terraform address, e.g. `aws_lambda_permission.api-http-api_permission_BF69AF35`. */
  resource: string;
  message: string;
  status?: "failed" | "passed" | "waived";
  /** Required with `waived`: the setting that allows it. */
  reason?: string;
}

export interface RuleContext {
  manifest: Manifest;
  projectDir: string;
  /** The spec function a synthesized `aws_lambda_function` was generated for (matched by its AWS name). */
  specFunction(fn: TfResource): FunctionSpec | undefined;
}

/**
 * A security rule. Org template packs supply more through `runRules({ extraRules })`; ids are
 * stable (they appear in waivers), descriptions are one line (they appear in reports and in
 * docs/security-rules.md).
 */
export interface Rule {
  id: string;
  description: string;
  /** Returns no findings when the stack keeps the rule. `stack.stack` is the raw JSON. */
  check(stack: TerraformJson, ctx: RuleContext): Finding[];
}
