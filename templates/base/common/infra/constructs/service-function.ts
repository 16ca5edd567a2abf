import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaAlias } from "@cdktf/provider-aws/lib/lambda-alias";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaProvisionedConcurrencyConfig } from "@cdktf/provider-aws/lib/lambda-provisioned-concurrency-config";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { AssetType, Fn, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { durationAlarm, errorAlarm, notEmptyAlarm, throttleAlarm } from "./alarms";
import { namedOutput } from "./outputs";

/** Settings shared by every function of the project (see lambdaform.json). */
export interface FunctionSettings {
  memory: number;
  timeout: number;
  arch: "arm64" | "x86_64";
  logRetention: number;
  tracing: boolean;
  reservedConcurrency?: number;
  provisionedConcurrency?: number;
}

export interface ServiceFunctionProps {
  /** The function's name in AWS. */
  functionName: string;
  runtime: string;
  /** Module and export Lambda calls, e.g. `index.handler`. */
  handler: string;
  /** Deployment package made by `npm run build`. */
  packagePath: string;
  settings: FunctionSettings;
  environment: Record<string, string>;
  layers?: string[];
}

/** One IAM statement; resources must be ARNs, never `*` unless AWS offers nothing narrower. */
export interface Grant {
  actions: string[];
  resources: string[];
}

/** An AWS service allowed to invoke a function, and the one resource it may do so for. */
export interface InvokeGrant {
  statementId: string;
  principal: string;
  sourceArn: string;
  /** S3 bucket ARNs carry no account, so S3 permissions name it too. */
  sourceAccount?: string;
}

/** What a trigger points at: the `live` alias when provisioned concurrency is set, else the function. */
export interface InvokeTarget {
  arn: string;
  invokeArn: string;
  functionName: string;
  qualifier?: string;
}

/**
 * A Lambda function with what every function needs: its own role with only the grants it is
 * given, its own log group with retention (JSON logs), tracing, and a deterministic package
 * whose hash decides when Terraform updates the code.
 */
export class ServiceFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly target: InvokeTarget;
  private readonly name: string;
  private failureQueue?: SqsQueue;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const { settings } = props;
    this.name = props.functionName;

    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: settings.logRetention,
    });

    this.role = new IamRole(this, "role", {
      name: `${props.functionName}-role`,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    // Logs go to this function's own group only; the group exists, so no logs:CreateLogGroup.
    const logsPolicy = this.grant("logs", {
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [`${this.logGroup.arn}:*`],
    });
    if (settings.tracing) {
      // X-Ray has no resource-level permissions: AWS documents "*" as the only resource for these actions.
      this.grant("tracing", { actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] });
    }

    const packagePath = path.resolve(props.packagePath);
    if (!existsSync(packagePath)) {
      throw new Error(`${props.packagePath} is missing: run \`npm run build\` before synth`);
    }
    const asset = new TerraformAsset(this, "package", { path: packagePath, type: AssetType.FILE });

    this.function = new LambdaFunction(this, "function", {
      functionName: props.functionName,
      role: this.role.arn,
      runtime: props.runtime,
      handler: props.handler,
      architectures: [settings.arch],
      memorySize: settings.memory,
      timeout: settings.timeout,
      filename: asset.path,
      // Any stable hash works (provider >= 5.51 only compares it); this equals filebase64sha256.
      sourceCodeHash: createHash("sha256").update(readFileSync(packagePath)).digest("base64"),
      environment: Object.keys(props.environment).length > 0 ? { variables: props.environment } : undefined,
      layers: props.layers,
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
      tracingConfig: { mode: settings.tracing ? "Active" : "PassThrough" },
      reservedConcurrentExecutions: settings.reservedConcurrency,
      publish: settings.provisionedConcurrency !== undefined,
      dependsOn: [this.logGroup, logsPolicy],
    });

    this.target = this.function;
    if (settings.provisionedConcurrency !== undefined) {
      const alias = new LambdaAlias(this, "live", {
        name: "live",
        functionName: this.function.functionName,
        functionVersion: this.function.version,
      });
      new LambdaProvisionedConcurrencyConfig(this, "provisioned", {
        functionName: this.function.functionName,
        qualifier: alias.name,
        provisionedConcurrentExecutions: settings.provisionedConcurrency,
      });
      this.target = { arn: alias.arn, invokeArn: alias.invokeArn, functionName: this.function.functionName, qualifier: alias.name };
    }

    errorAlarm(this, props.functionName);
    throttleAlarm(this, props.functionName);
    durationAlarm(this, props.functionName, settings.timeout);
    namedOutput(this, `${id}_function_name`, this.function.functionName, `${id} function name`);
    namedOutput(this, `${id}_function_arn`, this.function.arn, `${id} function ARN`);
  }

  /** Adds an inline policy statement to the function's role. */
  grant(id: string, grant: Grant): IamRolePolicy {
    return new IamRolePolicy(this, `grant-${id}`, {
      name: id,
      role: this.role.id,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: grant.actions, Resource: grant.resources }],
      }),
    });
  }

  /**
   * Lets an AWS service invoke the function (the `live` alias when there is one), from
   * `sourceArn` only. Made in the trigger's scope, so each trigger owns its permission.
   */
  allowInvoke(scope: Construct, grant: InvokeGrant): LambdaPermission {
    return new LambdaPermission(scope, "permission", {
      action: "lambda:InvokeFunction",
      functionName: this.target.functionName,
      qualifier: this.target.qualifier,
      ...grant,
    });
  }

  /**
   * For triggers that invoke asynchronously (S3, SNS, schedules, EventBridge): failed events
   * go to an encrypted queue after two retries instead of being dropped. Returns the queue.
   */
  sendFailuresToQueue(): SqsQueue {
    if (this.failureQueue) return this.failureQueue;
    const queue = new SqsQueue(this, "failures", {
      name: `${this.name}-failures`,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 1209600,
    });
    const policy = this.grant("failure-destination", { actions: ["sqs:SendMessage"], resources: [queue.arn] });
    new LambdaFunctionEventInvokeConfig(this, "async", {
      functionName: this.target.functionName,
      qualifier: this.target.qualifier,
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: 3600,
      destinationConfig: { onFailure: { destination: queue.arn } },
      dependsOn: [policy],
    });
    notEmptyAlarm(this, "failures-alarm", queue, `${this.name}-failures`);
    namedOutput(this, `${this.node.id}_failures_url`, queue.url, `${this.node.id} failed async events`);
    this.failureQueue = queue;
    return queue;
  }
}
