import { CloudwatchQueryDefinition } from "@cdktf/provider-aws/lib/cloudwatch-query-definition";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ServiceFunction } from "./service-function";

export interface SavedQueriesProps {
  /** The service's name: the queries are saved in a folder of that name. */
  service: string;
}

/**
 * CloudWatch Logs Insights queries saved for the service, over every function's log group:
 * CloudWatch console → Logs → Logs Insights → Saved queries → `<service>`. Functions log JSON
 * (`logging_config`), so application lines carry `level` and `message`, and Lambda's own
 * lines are `platform.*` records whose `record` holds the request id, status and metrics.
 */
export class SavedQueries extends Construct {
  constructor(scope: Construct, id: string, props: SavedQueriesProps) {
    super(scope, id);
    // Every function of the stack, however it was added; construct this after them.
    const logGroupNames = TerraformStack.of(this)
      .node.findAll()
      .filter((c): c is ServiceFunction => c instanceof ServiceFunction)
      .map((fn) => fn.logGroup.name);

    const queries: Record<string, string[]> = {
      // Lines logged at ERROR (or worse), and invocations that ended in an error or a timeout.
      "recent-errors": [
        "fields @timestamp, @log, coalesce(requestId, function_request_id, record.requestId) as requestId, level, message, record.status, @message",
        '| filter level in ["ERROR", "CRITICAL", "FATAL"] or (type = "platform.report" and record.status != "success")',
        "| sort @timestamp desc",
        "| limit 100",
      ],
      "duration-by-5-minutes": [
        'filter type = "platform.report"',
        "| stats count(*) as invocations, avg(record.metrics.durationMs) as avgMs, pct(record.metrics.durationMs, 95) as p95Ms,",
        "  max(record.metrics.durationMs) as maxMs, max(record.metrics.maxMemoryUsedMB) as maxMemoryMB by bin(5m), @log",
      ],
      "slowest-invocations": [
        'filter type = "platform.report"',
        "| fields @timestamp, @log, record.requestId as requestId, record.metrics.durationMs as durationMs,",
        "  record.metrics.initDurationMs as initMs, record.metrics.maxMemoryUsedMB as memoryMB, record.status as status",
        "| sort durationMs desc",
        "| limit 25",
      ],
      // Replace the id (from an error line, an API's access log or an x-request-id header) before running.
      "one-request": [
        "fields @timestamp, @log, level, message, type, @message",
        '| filter @message like "00000000-0000-0000-0000-000000000000"',
        "| sort @timestamp asc",
        "| limit 1000",
      ],
    };
    for (const [name, lines] of Object.entries(queries)) {
      new CloudwatchQueryDefinition(this, name, {
        name: `${props.service}/${name}`,
        logGroupNames,
        queryString: lines.join("\n"),
      });
    }
  }
}
