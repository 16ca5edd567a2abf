import { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import { ApiGatewayResource } from "@cdktf/provider-aws/lib/api-gateway-resource";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Fn, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { apiAlarms } from "../constructs/alarms";
import { namedOutput } from "../constructs/outputs";
import type { ServiceFunction } from "../constructs/service-function";

export interface RestApiTriggerProps {
  fn: ServiceFunction;
  /** The stage, and the first segment of every URL path (`/v1/items`). */
  stageName: string;
  logRetention: number;
  /** Traces requests through API Gateway into the function (X-Ray). */
  tracing: boolean;
  /** Steady-state requests per second the stage accepts before answering 429. */
  rateLimit?: number;
  burstLimit?: number;
  /** p95 latency (ms) that raises the latency alarm when it lasts 15 minutes (default 1000). */
  latencyAlarmMs?: number;
  /**
   * Registers API Gateway's CloudWatch role for the whole account and region
   * (`aws_api_gateway_account`) and turns on execution (error) logs. Off by default: the
   * setting is account-wide, so destroying this stack would reset logging for every REST API
   * in the account. API Gateway writes this API's access logs through the same account role,
   * which most accounts have already (set once by a platform team).
   */
  accountLogging?: boolean;
}

/**
 * A regional API Gateway REST API whose root and `{proxy+}` resources send every method to the
 * function (Lambda proxy integration, payload format 1.0), served on one stage with access logs,
 * tracing and throttling (and error logs, with `accountLogging`).
 */
export class RestApiTrigger extends Construct {
  readonly api: ApiGatewayRestApi;
  readonly stage: ApiGatewayStage;

  constructor(scope: Construct, id: string, props: RestApiTriggerProps) {
    super(scope, id);
    const { fn } = props;
    const name = `${fn.function.functionName}-api`;

    this.api = new ApiGatewayRestApi(this, "api", { name, endpointConfiguration: { types: ["REGIONAL"] } });
    const proxy = new ApiGatewayResource(this, "proxy", {
      restApiId: this.api.id,
      parentId: this.api.rootResourceId,
      pathPart: "{proxy+}",
    });
    // `{proxy+}` does not match the bare root, so `/` gets its own method.
    const routes = [
      { id: "root", resourceId: this.api.rootResourceId },
      { id: "proxy", resourceId: proxy.id },
    ].map((route) => {
      const method = new ApiGatewayMethod(this, `${route.id}-method`, {
        restApiId: this.api.id,
        resourceId: route.resourceId,
        httpMethod: "ANY",
        // Public by design, like the HTTP API trigger: add an authorizer here to require callers to sign in.
        authorization: "NONE",
      });
      const integration = new ApiGatewayIntegration(this, `${route.id}-integration`, {
        restApiId: this.api.id,
        resourceId: route.resourceId,
        httpMethod: method.httpMethod,
        type: "AWS_PROXY",
        // Lambda's Invoke API only takes POST, whatever the client's method was.
        integrationHttpMethod: "POST",
        uri: fn.target.invokeArn,
      });
      return [method, integration];
    });

    // A deployment is a frozen snapshot of the API: hashing everything it serves makes any
    // change produce a new one, created before the old one goes so the stage never points at nothing.
    const deployment = new ApiGatewayDeployment(this, "deployment", {
      restApiId: this.api.id,
      triggers: { redeployment: Fn.sha1(Fn.jsonencode([proxy.fqn, ...routes.flat().map((r) => r.fqn)])) },
      lifecycle: { createBeforeDestroy: true },
    });

    const accountLogging = props.accountLogging ? apiGatewayLoggingRole(this) : undefined;
    const accessLogs = new CloudwatchLogGroup(this, "access-logs", {
      name: `/aws/apigateway/${name}`,
      retentionInDays: props.logRetention,
    });
    // Provider 6 deploys no stage from the deployment itself: the stage is its own resource.
    this.stage = new ApiGatewayStage(this, "stage", {
      restApiId: this.api.id,
      deploymentId: deployment.id,
      stageName: props.stageName,
      xrayTracingEnabled: props.tracing,
      accessLogSettings: {
        destinationArn: accessLogs.arn,
        format: JSON.stringify({
          requestId: "$context.requestId",
          ip: "$context.identity.sourceIp",
          requestTime: "$context.requestTime",
          method: "$context.httpMethod",
          path: "$context.path",
          status: "$context.status",
          latencyMs: "$context.responseLatency",
          integrationError: "$context.integrationErrorMessage",
        }),
      },
      dependsOn: accountLogging ? [accountLogging] : undefined,
    });

    // API Gateway would create this group on first error, without retention; owning it keeps it bounded.
    const errorLogs = accountLogging
      ? new CloudwatchLogGroup(this, "execution-logs", {
          name: `API-Gateway-Execution-Logs_${this.api.id}/${props.stageName}`,
          retentionInDays: props.logRetention,
        })
      : undefined;
    new ApiGatewayMethodSettings(this, "throttling", {
      restApiId: this.api.id,
      stageName: this.stage.stageName,
      methodPath: "*/*",
      settings: {
        throttlingRateLimit: props.rateLimit ?? 100,
        throttlingBurstLimit: props.burstLimit ?? 200,
        metricsEnabled: true,
        // Errors only, and never request or response bodies: they may hold personal data.
        // Execution logs need the account's logging role, so they follow `accountLogging`.
        loggingLevel: errorLogs ? "ERROR" : "OFF",
        dataTraceEnabled: false,
      },
      dependsOn: errorLogs ? [errorLogs] : undefined,
    });

    apiAlarms(
      this,
      name,
      { serverErrors: "5XXError", dimensions: { ApiName: this.api.name, Stage: this.stage.stageName } },
      props.latencyAlarmMs ?? 1000,
    );

    // Only this API's stage may invoke the function, on any method and path (`/*/*` also matches `/`).
    fn.allowInvoke(this, {
      statementId: "AllowRestApiInvoke",
      principal: "apigateway.amazonaws.com",
      sourceArn: `${this.stage.executionArn}/*/*`,
    });

    namedOutput(this, `${fn.node.id}_url`, this.stage.invokeUrl, `${fn.node.id} REST API URL`);
  }
}

/**
 * The role API Gateway uses to write logs, registered for the whole account and region. A stack
 * creates it once, however many REST APIs it has. Destroying the stack takes the registration
 * away from every REST API in the account, which is why it is opt-in.
 */
function apiGatewayLoggingRole(scope: Construct): ApiGatewayAccount {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild("api-gateway-logging");
  if (existing) return existing.node.findChild("account") as ApiGatewayAccount;

  const logging = new Construct(stack, "api-gateway-logging");
  const partition = new DataAwsPartition(logging, "partition");
  const role = new IamRole(logging, "role", {
    name: `${stack.node.id}-apigateway-logs`,
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
  });
  // The AWS managed policy made for exactly this role.
  const policy = new IamRolePolicyAttachment(logging, "push-to-logs", {
    role: role.name,
    policyArn: `arn:${partition.partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`,
  });
  // API Gateway refuses a role that cannot write logs yet.
  return new ApiGatewayAccount(logging, "account", { cloudwatchRoleArn: role.arn, dependsOn: [policy] });
}
