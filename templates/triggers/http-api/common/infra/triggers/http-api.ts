import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";
import { apiAlarms } from "../constructs/alarms";
import { namedOutput } from "../constructs/outputs";
import type { ServiceFunction } from "../constructs/service-function";

export interface HttpApiTriggerProps {
  fn: ServiceFunction;
  /** Route key, e.g. "ANY /{proxy+}" or "$default". */
  route: string;
  /** Further route keys on the same API (`lambdaform add trigger http-api --function`). */
  moreRoutes?: string[];
  logRetention: number;
  /** Steady-state requests per second the stage accepts before answering 429. */
  rateLimit?: number;
  burstLimit?: number;
  /** p95 latency (ms) that raises the latency alarm when it lasts 15 minutes (default 1000). */
  latencyAlarmMs?: number;
}

/**
 * An API Gateway HTTP API that sends every request on `route` to the function (payload
 * format 2.0), with access logs and throttling on its `$default` stage.
 */
export class HttpApiTrigger extends Construct {
  readonly api: Apigatewayv2Api;

  constructor(scope: Construct, id: string, props: HttpApiTriggerProps) {
    super(scope, id);
    const { fn } = props;
    const name = `${fn.function.functionName}-api`;

    this.api = new Apigatewayv2Api(this, "api", { name, protocolType: "HTTP" });
    const integration = new Apigatewayv2Integration(this, "integration", {
      apiId: this.api.id,
      integrationType: "AWS_PROXY",
      integrationUri: fn.target.invokeArn,
      payloadFormatVersion: "2.0",
    });
    [props.route, ...(props.moreRoutes ?? [])].forEach((routeKey, i) => {
      new Apigatewayv2Route(this, i === 0 ? "route" : `route-${i + 1}`, {
        apiId: this.api.id,
        routeKey,
        target: `integrations/${integration.id}`,
      });
    });

    const accessLogs = new CloudwatchLogGroup(this, "access-logs", {
      name: `/aws/apigateway/${name}`,
      retentionInDays: props.logRetention,
    });
    const stage = new Apigatewayv2Stage(this, "stage", {
      apiId: this.api.id,
      name: "$default",
      autoDeploy: true,
      accessLogSettings: {
        destinationArn: accessLogs.arn,
        format: JSON.stringify({
          requestId: "$context.requestId",
          ip: "$context.identity.sourceIp",
          requestTime: "$context.requestTime",
          routeKey: "$context.routeKey",
          status: "$context.status",
          latencyMs: "$context.responseLatency",
          integrationError: "$context.integrationErrorMessage",
        }),
      },
      defaultRouteSettings: {
        throttlingRateLimit: props.rateLimit ?? 100,
        throttlingBurstLimit: props.burstLimit ?? 200,
      },
    });

    apiAlarms(this, name, { serverErrors: "5xx", dimensions: { ApiId: this.api.id, Stage: stage.name } }, props.latencyAlarmMs ?? 1000);

    // Only this API may invoke the function, on any stage and route.
    fn.allowInvoke(this, {
      statementId: "AllowHttpApiInvoke",
      principal: "apigateway.amazonaws.com",
      sourceArn: `${this.api.executionArn}/*/*`,
    });

    namedOutput(this, `${fn.node.id}_url`, this.api.apiEndpoint, `${fn.node.id} HTTP API URL`);
  }
}
