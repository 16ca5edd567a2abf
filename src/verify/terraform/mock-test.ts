import { writeFileSync } from "node:fs";
import path from "node:path";

const account = "123456789012";
const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" }] });

/** Values that pass the provider's validation, for the data sources a stack may read. */
function mockValues(region: string): Record<string, Record<string, unknown>> {
  return {
    aws_caller_identity: { account_id: account, arn: `arn:aws:iam::${account}:user/lambdaform-verify`, user_id: "AIDALAMBDAFORMVERIFY", id: account },
    aws_region: { name: region, region, id: region, endpoint: `${region}.amazonaws.com` },
    aws_partition: { partition: "aws", dns_suffix: "amazonaws.com", reverse_dns_prefix: "com.amazonaws", id: "aws" },
    aws_iam_policy_document: { json: policy, minified_json: policy, id: "0" },
    aws_availability_zones: { names: [`${region}a`, `${region}b`, `${region}c`], zone_ids: ["use1-az1", "use1-az2", "use1-az3"] },
  };
}

/** An HCL literal: JSON's syntax, with template sequences escaped. */
function hcl(value: unknown): string {
  return JSON.stringify(value).replaceAll("${", "$${").replaceAll("%{", "%%{");
}

export const testFileName = "lambdaform_verify.tftest.hcl";

/**
 * Writes a `terraform test` file that plans the stack against a mocked aws provider: no
 * credentials, no network. Data sources the stack reads get valid mocked values.
 */
export function writeMockTest(scratch: string, stack: any, region: string): void {
  const text = `# Written by lambdaform verify in a scratch copy: a plan with a mocked provider.\n${mockProvider(stack, region)}\nrun "plan" {\n  command = plan\n}\n`;
  writeFileSync(path.join(scratch, testFileName), text);
}

/** The `mock_provider "aws"` block of a test file, with mocked values for the data sources the stack (Terraform JSON) reads. */
export function mockProvider(stack: any, region: string): string {
  const values = mockValues(region);
  const used = Object.keys(stack?.data ?? {}).filter((type) => values[type]);
  const blocks = used.map((type) => {
    const defaults = Object.entries(values[type]!).map(([k, v]) => `      ${k} = ${hcl(v)}`).join("\n");
    return `  mock_data "${type}" {\n    defaults = {\n${defaults}\n    }\n  }`;
  });
  return `mock_provider "aws" {\n${blocks.join("\n")}\n}\n`;
}
