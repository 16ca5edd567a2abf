import { decodeJsonArgument } from "./hcl.js";
import { blocks, isObject, wholeInterpolation, type TerraformJson, type TfResource } from "../stack/terraform-json.js";

/** One IAM statement, normalized: every list is a list of strings. */
export interface Statement {
  effect: "Allow" | "Deny";
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  principals: string[];
  /** `{ Bool: { "aws:SecureTransport": ["false"] } }`, values as strings. */
  condition: Record<string, Record<string, string[]>>;
}

/** A policy document found in the stack, or the reason it could not be read. */
export type PolicyDocument = { statements: Statement[] } | { error: string };

/** An identity policy that applies to an IAM role. */
export interface RolePolicy {
  /** The resource that holds the policy text (role policy, managed policy, role, data source). */
  address: string;
  /** The role it applies to, when it can be told. */
  role?: TfResource;
  document: PolicyDocument;
}

const strings = (v: unknown): string[] =>
  v === undefined || v === null ? [] : (Array.isArray(v) ? v : [v]).map((x) => (typeof x === "string" ? x : JSON.stringify(x)));

function fromJson(doc: unknown): PolicyDocument {
  if (!isObject(doc)) return { error: "the policy is not a JSON object" };
  const raw = doc.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const statements: Statement[] = [];
  for (const s of list) {
    if (!isObject(s)) return { error: "a statement is not an object" };
    const condition: Statement["condition"] = {};
    if (isObject(s.Condition)) {
      for (const [op, entries] of Object.entries(s.Condition)) {
        if (!isObject(entries)) continue;
        condition[op] = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, strings(v).map((x) => x.replace(/^"|"$/g, ""))]));
      }
    }
    const principal = s.Principal;
    const principals = principal === "*" ? ["*"] : isObject(principal) ? Object.values(principal).flatMap(strings) : strings(principal);
    statements.push({
      effect: s.Effect === "Deny" ? "Deny" : "Allow",
      actions: strings(s.Action),
      notActions: strings(s.NotAction),
      resources: strings(s.Resource),
      notResources: strings(s.NotResource),
      principals,
      condition,
    });
  }
  return { statements };
}

function fromPolicyDocumentData(tf: TerraformJson, data: TfResource, seen: Set<string>): PolicyDocument {
  const statements: Statement[] = [];
  // Documents merged in through source/override_policy_documents count too.
  for (const key of ["source_policy_documents", "override_policy_documents"]) {
    for (const doc of strings(data.body[key])) {
      const read = readPolicy(tf, doc, seen);
      if ("error" in read) return read;
      statements.push(...read.statements);
    }
  }
  for (const s of blocks(data.body.statement)) {
    const condition: Statement["condition"] = {};
    for (const c of blocks(s.condition)) {
      const test = String(c.test);
      condition[test] = { ...(condition[test] ?? {}), [String(c.variable)]: strings(c.values) };
    }
    statements.push({
      effect: s.effect === "Deny" ? "Deny" : "Allow",
      actions: strings(s.actions),
      notActions: strings(s.not_actions),
      resources: strings(s.resources),
      notResources: strings(s.not_resources),
      principals: blocks(s.principals).flatMap((p) => strings(p.identifiers)),
      condition,
    });
  }
  return { statements };
}

/**
 * Reads a policy argument: `${jsonencode(...)}` (what `Fn.jsonencode` synthesizes), a JSON
 * string (what `JSON.stringify` gives, references inside its strings), or a reference to an
 * `aws_iam_policy_document` data source's `json`.
 */
export function readPolicy(tf: TerraformJson, value: unknown, seen = new Set<string>()): PolicyDocument {
  if (typeof value === "string") {
    const inner = wholeInterpolation(value.trim());
    const ref = inner !== undefined ? tf.refsInExpression(inner)[0] : undefined;
    if (ref && inner!.trim() === `${ref.address}.${ref.attr ?? ""}`.replace(/\.$/, "")) {
      const target = tf.get(ref.address)!;
      if (target.type === "aws_iam_policy_document" && target.mode === "data" && !seen.has(target.address)) {
        seen.add(target.address);
        return fromPolicyDocumentData(tf, target, seen);
      }
      if (target.type === "aws_iam_policy" && !seen.has(target.address)) {
        seen.add(target.address);
        return readPolicy(tf, target.body.policy, seen);
      }
    }
  }
  const decoded = decodeJsonArgument(value);
  if (decoded === undefined) return { error: "the policy is neither JSON nor a jsonencode(...) expression this check can read" };
  return fromJson(decoded);
}

/** The role an argument such as `role = "${aws_iam_role.r.id}"` (or its literal name) names. */
export function roleOf(tf: TerraformJson, value: unknown): TfResource | undefined {
  const ref = tf.resolve(value, ["aws_iam_role"]);
  if (ref) return ref;
  if (typeof value !== "string") return undefined;
  const name = /^arn:[\w-]+:iam::\d*:role\/(?:.*\/)?([^/]+)$/.exec(value)?.[1] ?? value;
  return tf.resources("aws_iam_role").find((r) => r.body.name === name);
}

/**
 * Every identity policy in the stack that grants something to a role: inline role policies,
 * `inline_policy` blocks, customer managed policies attached to roles (and unattached ones,
 * which may be attached elsewhere), and user/group inline policies.
 */
export function identityPolicies(tf: TerraformJson): RolePolicy[] {
  let cached = policyCache.get(tf);
  if (!cached) policyCache.set(tf, (cached = collectIdentityPolicies(tf)));
  return cached;
}

const policyCache = new WeakMap<TerraformJson, RolePolicy[]>();

function collectIdentityPolicies(tf: TerraformJson): RolePolicy[] {
  const out: RolePolicy[] = [];
  for (const p of tf.resources("aws_iam_role_policy")) {
    out.push({ address: p.address, role: roleOf(tf, p.body.role), document: readPolicy(tf, p.body.policy) });
  }
  for (const type of ["aws_iam_user_policy", "aws_iam_group_policy"]) {
    for (const p of tf.resources(type)) out.push({ address: p.address, document: readPolicy(tf, p.body.policy) });
  }
  for (const role of tf.resources("aws_iam_role")) {
    for (const inline of blocks(role.body.inline_policy)) {
      if (inline.policy !== undefined) out.push({ address: role.address, role, document: readPolicy(tf, inline.policy) });
    }
  }
  const attachments = tf.resources("aws_iam_role_policy_attachment");
  for (const policy of tf.resources("aws_iam_policy")) {
    const document = readPolicy(tf, policy.body.policy);
    const roles = attachments.filter((a) => tf.refersTo(a.body.policy_arn, policy)).map((a) => roleOf(tf, a.body.role));
    if (roles.length === 0) out.push({ address: policy.address, document });
    for (const role of roles) out.push({ address: policy.address, ...(role ? { role } : {}), document });
  }
  return out;
}

/** The functions that run with a role. */
export function functionsWithRole(tf: TerraformJson, role: TfResource): TfResource[] {
  return tf.resources("aws_lambda_function").filter((f) => roleOf(tf, f.body.role)?.address === role.address);
}
