import { describe, expect, it } from "vitest";
import { readableHcl } from "../src/hcl/readable-hcl.js";

/** HCL as the engines write it: one statement a line, no indentation. */
const engineHcl = `terraform {
required_providers {
  aws = {
version = "6.25.0"
source = "aws"
}
}
backend "local" {
path = "../../../terraform.tfstate"
}
}

resource "aws_sqs_queue" "worker-sqs_source_queue_465DD44F" {
name = "svc-worker"
}
resource "aws_sqs_queue" "jobs_1A2B3C4D" {
name = "a"
}
resource "aws_sqs_queue" "jobs_5E6F7A8B" {
name = "b"
}
data "aws_partition" "partition_2A3B4C5D" {
}
resource "aws_lambda_event_source_mapping" "worker-sqs_source_mapping_0A1B2C3D" {
event_source_arn = "\${aws_sqs_queue.worker-sqs_source_queue_465DD44F.arn}"
function_name = "arn:\${data.aws_partition.partition_2A3B4C5D.partition}:lambda:x"
tags = {
Queues = "\${aws_sqs_queue.jobs_1A2B3C4D.name}-\${aws_sqs_queue.jobs_5E6F7A8B.name}"
}
depends_on = [
"aws_sqs_queue.worker-sqs_source_queue_465DD44F"
]
}
resource "aws_cloudwatch_query_definition" "queries_one-request_1A209591" {
query_string = <<EOF
fields @timestamp
| limit 10
EOF
}
`;

describe("readable HCL from an engine's", () => {
  it("names resources without hash suffixes where unique, with a moved block each, and keeps both names of a clash", async () => {
    const { text, moved } = await readableHcl(engineHcl);
    expect(text).toContain('resource "aws_sqs_queue" "worker_sqs_source_queue" {');
    expect(text).toContain('resource "aws_sqs_queue" "jobs_1A2B3C4D" {');
    expect(text).toContain('resource "aws_sqs_queue" "jobs_5E6F7A8B" {');
    expect(text).toContain('data "aws_partition" "partition" {');
    expect(moved).toEqual([
      { from: "aws_sqs_queue.worker-sqs_source_queue_465DD44F", to: "aws_sqs_queue.worker_sqs_source_queue" },
      { from: "aws_lambda_event_source_mapping.worker-sqs_source_mapping_0A1B2C3D", to: "aws_lambda_event_source_mapping.worker_sqs_source_mapping" },
      { from: "aws_cloudwatch_query_definition.queries_one-request_1A209591", to: "aws_cloudwatch_query_definition.queries_one_request" },
    ]);
    expect(text).toContain("moved {\n  from = aws_sqs_queue.worker-sqs_source_queue_465DD44F\n  to   = aws_sqs_queue.worker_sqs_source_queue\n}");
  });

  it("writes references plainly, the provider's full source, and a heredoc's value exactly, formatted", async () => {
    const { text } = await readableHcl(engineHcl);
    expect(text).toContain("  event_source_arn = aws_sqs_queue.worker_sqs_source_queue.arn\n");
    // Part of a string, or two interpolations: still a template.
    expect(text).toContain('  function_name    = "arn:${data.aws_partition.partition.partition}:lambda:x"\n');
    expect(text).toContain('    Queues = "${aws_sqs_queue.jobs_1A2B3C4D.name}-${aws_sqs_queue.jobs_5E6F7A8B.name}"\n');
    expect(text).toContain("  depends_on = [\n    aws_sqs_queue.worker_sqs_source_queue\n  ]");
    expect(text).toContain('      source  = "hashicorp/aws"\n');
    expect(text).toContain("  query_string = chomp(<<EOF\nfields @timestamp\n| limit 10\nEOF\n  )\n");
  });

  it("points the local backend at the same state from elsewhere", async () => {
    const { text } = await readableHcl(engineHcl, { statePath: (p) => `../svc/cdktf.out/stacks/svc/${p}` });
    expect(text).toContain('    path = "../svc/cdktf.out/stacks/svc/../../../terraform.tfstate"\n');
  });
});
