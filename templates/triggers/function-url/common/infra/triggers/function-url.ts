import { LambdaFunctionUrl } from "@cdktf/provider-aws/lib/lambda-function-url";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Construct } from "constructs";
import { namedOutput } from "../constructs/outputs";
import type { ServiceFunction } from "../constructs/service-function";

export interface FunctionUrlTriggerProps {
  fn: ServiceFunction;
  /**
   * `AWS_IAM`: only callers whose IAM identity may invoke the function, with SigV4-signed requests.
   * `NONE`: anyone on the internet; the function must check who is calling itself.
   */
  authType: "AWS_IAM" | "NONE";
  /** The one browser origin allowed to read a public URL's answers; without it, no CORS headers at all. */
  corsOrigin?: string;
}

/** A dedicated HTTPS endpoint for the function (payload format 2.0), on its live alias when it has one. */
export class FunctionUrlTrigger extends Construct {
  readonly url: LambdaFunctionUrl;

  constructor(scope: Construct, id: string, props: FunctionUrlTriggerProps) {
    super(scope, id);
    const { fn } = props;

    this.url = new LambdaFunctionUrl(this, "url", {
      functionName: fn.target.functionName,
      qualifier: fn.target.qualifier,
      authorizationType: props.authType,
      cors: props.corsOrigin
        ? {
            allowOrigins: [props.corsOrigin],
            // What the items API serves; Lambda answers the preflight itself.
            allowMethods: ["GET", "POST"],
            allowHeaders: ["content-type"],
            maxAge: 300,
          }
        : undefined,
    });

    if (props.authType === "NONE") {
      // Since October 2025 a public URL needs both statements. The second cannot be limited to
      // calls made through the URL before provider 6.29 (`invoked_via_function_url`), so anyone
      // with AWS credentials can also invoke the function directly: every event is untrusted input.
      new LambdaPermission(this, "public-url", {
        statementId: "AllowPublicFunctionUrl",
        action: "lambda:InvokeFunctionUrl",
        functionName: fn.target.functionName,
        qualifier: fn.target.qualifier,
        principal: "*",
        functionUrlAuthType: "NONE",
      });
      new LambdaPermission(this, "public-invoke", {
        statementId: "AllowPublicInvokeForFunctionUrl",
        action: "lambda:InvokeFunction",
        functionName: fn.target.functionName,
        qualifier: fn.target.qualifier,
        principal: "*",
      });
    }

    namedOutput(this, `${fn.node.id}_url`, this.url.functionUrl, `${fn.node.id} function URL`);
  }
}
