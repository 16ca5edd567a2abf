import { functionsWithRole, identityPolicies, roleOf, type RolePolicy, type Statement } from "./policy.js";
import { blocks, type TerraformJson, type TfResource } from "../stack/terraform-json.js";
import type { Finding, Rule } from "./types.js";

/**
 * Actions AWS authorizes only on `Resource: "*"`: they have no resource type to name. Each one
 * with the reason, printed in docs/security-rules.md.
 */
export const starResourceActions: Readonly<Record<string, string>> = {
  "xray:PutTraceSegments": "X-Ray has no resource-level permissions for sending traces",
  "xray:PutTelemetryRecords": "X-Ray has no resource-level permissions for sending telemetry",
  "xray:GetSamplingRules": "X-Ray SDKs read sampling rules account-wide",
  "xray:GetSamplingTargets": "X-Ray SDKs read sampling targets account-wide",
  "xray:GetSamplingStatisticSummaries": "X-Ray sampling statistics are account-wide",
  "cloudwatch:PutMetricData": "CloudWatch metrics have no resource type; scope with the cloudwatch:namespace condition",
  "ec2:DescribeNetworkInterfaces": "EC2 Describe actions have no resource-level permissions (functions in a VPC)",
  "dynamodb:ListStreams": "lists the account's streams; it has no resource type (Lambda needs it to read a table's stream)",
  "kinesis:ListStreams": "lists the account's streams; it has no resource type",
  "secretsmanager:GetRandomPassword": "generates a password; it touches no resource",
};
const starAllowed = new Map(Object.entries(starResourceActions).map(([a, why]) => [a.toLowerCase(), why]));

const computed = (v: string) => v.includes("${");

function unreadable(policy: RolePolicy): Finding[] {
  return "error" in policy.document
    ? [{ resource: policy.address, message: `cannot read its policy (${policy.document.error}), so it cannot be checked; write it with Fn.jsonencode or JSON.stringify` }]
    : [];
}

function allowStatements(policy: RolePolicy): Statement[] {
  return "statements" in policy.document ? policy.document.statements.filter((s) => s.effect === "Allow") : [];
}

const onRole = (policy: RolePolicy) => (policy.role && policy.role.address !== policy.address ? ` (role ${policy.role.address})` : "");

export const noWildcardActions: Rule = {
  id: "LF001",
  description: "IAM policies allow only named actions: no `*`, `service:*` or `service:Get*`, no NotAction",
  check(tf) {
    const findings: Finding[] = [];
    for (const policy of identityPolicies(tf)) {
      findings.push(...unreadable(policy));
      for (const s of allowStatements(policy)) {
        const wild = s.actions.filter((a) => a.includes("*"));
        const dynamic = s.actions.filter(computed);
        if (wild.length > 0) findings.push({ resource: policy.address, message: `allows wildcard action ${wild.join(", ")}${onRole(policy)}` });
        if (dynamic.length > 0) findings.push({ resource: policy.address, message: `allows computed actions ${dynamic.join(", ")}, which cannot be reviewed${onRole(policy)}` });
        if (s.notActions.length > 0) findings.push({ resource: policy.address, message: `allows everything except ${s.notActions.join(", ")} (NotAction)${onRole(policy)}` });
      }
    }
    return findings;
  },
};

/** `*`, or an ARN whose resource part is only `*` (`arn:aws:s3:::*`, `arn:aws:sqs:us-east-1:123456789012:*`). */
const isStarResource = (r: string) => r === "*" || /^arn:[^:]+:[^:]+:[^:]*:[^:]*:\*$/.test(r);

export const noStarResources: Rule = {
  id: "LF002",
  description: "IAM policies name their resources: `*` only for actions AWS cannot scope (X-Ray, PutMetricData, ...)",
  check(tf) {
    const findings: Finding[] = [];
    for (const policy of identityPolicies(tf)) {
      findings.push(...unreadable(policy));
      for (const s of allowStatements(policy)) {
        if (s.notResources.length > 0) {
          findings.push({ resource: policy.address, message: `allows every resource except ${s.notResources.join(", ")} (NotResource)${onRole(policy)}` });
        }
        const star = s.resources.filter(isStarResource);
        if (star.length === 0) continue;
        const scopeable = s.actions.filter((a) => !starAllowed.has(a.toLowerCase()));
        if (scopeable.length > 0) {
          findings.push({
            resource: policy.address,
            message: `allows ${scopeable.join(", ")} on ${star.join(", ")}; name the resources (ARNs)${onRole(policy)}`,
          });
        }
      }
    }
    return findings;
  },
};

/** The log group a function writes to: its logging_config group, else the one named `/aws/lambda/<name>`. */
export function logGroupOf(tf: TerraformJson, fn: TfResource): TfResource | undefined {
  const groups = tf.resources("aws_cloudwatch_log_group");
  const configured = blocks(fn.body.logging_config)[0]?.log_group;
  if (configured !== undefined) {
    const ref = tf.resolve(configured, ["aws_cloudwatch_log_group"]);
    if (ref) return ref;
    return groups.find((g) => g.body.name === configured);
  }
  const name = fn.body.function_name;
  return groups.find((g) => g.body.name === `/aws/lambda/${name}` || g.body.name === `/aws/lambda/\${${fn.address}.function_name}`);
}

function isOwnGroupArn(resource: string, group: TfResource): boolean {
  const ref = `\${${group.address}.arn}`;
  if (resource === ref || resource === `${ref}:*` || resource === `${ref}:log-stream:*`) return true;
  const literal = /^arn:[\w-]+:logs:[^:]*:[^:]*:log-group:(.+?)(:\*|:log-stream:\*)?$/.exec(resource);
  return literal !== null && literal[1] === group.body.name && !literal[1]!.includes("*");
}

/** `logs:` actions (`*` alone is LF001's to report). */
const isLogsAction = (a: string) => /^logs:/i.test(a);

export const logsOnlyToOwnGroup: Rule = {
  id: "LF003",
  description: "Function roles write logs only to the function's own log group",
  check(tf) {
    const findings: Finding[] = [];
    const policies = identityPolicies(tf);
    for (const role of tf.resources("aws_iam_role")) {
      const fns = functionsWithRole(tf, role);
      if (fns.length === 0) continue;
      const groups: TfResource[] = [];
      for (const fn of fns) {
        const group = logGroupOf(tf, fn);
        if (group) groups.push(group);
        else findings.push({ resource: fn.address, message: "has no aws_cloudwatch_log_group of its own (Lambda would create one that never expires)" });
      }
      for (const policy of policies.filter((p) => p.role?.address === role.address)) {
        for (const s of allowStatements(policy)) {
          if (!s.actions.some(isLogsAction)) continue;
          const elsewhere = s.resources.filter((r) => !groups.some((g) => isOwnGroupArn(r, g)));
          if (elsewhere.length > 0) {
            findings.push({
              resource: policy.address,
              message: `allows ${s.actions.filter(isLogsAction).join(", ")} on ${elsewhere.join(", ")}; only \`\${<its log group>.arn}:*\` is expected`,
            });
          }
        }
      }
    }
    return findings;
  },
};

/** `arn:aws:iam::aws:policy/...`, the partition possibly a reference (`arn:${data.aws_partition.p.partition}:iam::aws:policy/...`). */
const awsManaged = /^arn:(?:[\w-]+|\$\{[^}]*\}):iam::aws:policy\/(?:.*\/)?([^/]+)$/;
const broadManaged = /^(AdministratorAccess|PowerUserAccess|.*FullAccess.*)$/;

function trustsLambda(tf: TerraformJson, role: TfResource): boolean {
  return functionsWithRole(tf, role).length > 0 || /lambda\.amazonaws\.com/.test(String(role.body.assume_role_policy ?? ""));
}

export const noAwsManagedPolicies: Rule = {
  id: "LF004",
  description: "Function roles get only inline, reviewable policies (no AWS managed policies); no role gets AdministratorAccess, PowerUserAccess or a FullAccess policy",
  check(tf) {
    const findings: Finding[] = [];
    const judge = (address: string, role: TfResource | undefined, arn: unknown) => {
      const name = typeof arn === "string" ? awsManaged.exec(arn)?.[1] : undefined;
      if (!name) return;
      if (broadManaged.test(name)) {
        findings.push({ resource: address, message: `attaches ${name}${role ? ` to ${role.address}` : ""}: far more than any service needs` });
      } else if (role && trustsLambda(tf, role)) {
        findings.push({ resource: address, message: `attaches the AWS managed policy ${name} to the function role ${role.address}; grant what the function uses inline (AWSLambdaBasicExecutionRole alone writes to every log group)` });
      }
    };
    for (const a of tf.resources("aws_iam_role_policy_attachment")) judge(a.address, roleOf(tf, a.body.role), a.body.policy_arn);
    for (const r of tf.resources("aws_iam_role")) [r.body.managed_policy_arns].flat().forEach((arn) => judge(r.address, r, arn));
    for (const r of tf.resources("aws_iam_role_policy_attachments_exclusive")) {
      [r.body.policy_arns].flat().forEach((arn) => judge(r.address, roleOf(tf, r.body.role_name), arn));
    }
    return findings;
  },
};

export const iamRules: Rule[] = [noWildcardActions, noStarResources, logsOnlyToOwnGroup, noAwsManagedPolicies];
