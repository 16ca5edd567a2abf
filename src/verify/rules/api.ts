import { specOptsIntoPublicUrl } from "./triggers.js";
import { block, isSet, isTrue, literalNumber, type TerraformJson, type TfResource } from "../stack/terraform-json.js";
import type { Finding, Rule } from "./types.js";

const stageTypes = ["aws_apigatewayv2_stage", "aws_api_gateway_stage"] as const;

export const apiAccessLogs: Rule = {
  id: "LF030",
  description: "API Gateway stages write access logs",
  check(tf) {
    const findings: Finding[] = [];
    for (const type of stageTypes) {
      for (const stage of tf.resources(type)) {
        const settings = block(stage.body.access_log_settings);
        if (!isSet(settings?.destination_arn) || !isSet(settings?.format)) {
          findings.push({ resource: stage.address, message: "has no access_log_settings (destination_arn and format): requests leave no trace" });
        }
      }
    }
    return findings;
  },
};

/** A throttling limit that is set and not -1 (the provider's "no limit"). */
const limited = (v: unknown) => isSet(v) && (literalNumber(v) === undefined || literalNumber(v)! >= 0);

function restStageThrottled(tf: TerraformJson, stage: TfResource): boolean {
  return tf.resources("aws_api_gateway_method_settings").some((m) => {
    const sameStage = tf.refersTo(m.body.stage_name, stage) || (m.body.stage_name === stage.body.stage_name && sameApi(tf, m.body.rest_api_id, stage.body.rest_api_id));
    const settings = block(m.body.settings);
    return sameStage && m.body.method_path === "*/*" && limited(settings?.throttling_rate_limit) && limited(settings?.throttling_burst_limit);
  });
}

function sameApi(tf: TerraformJson, a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ra = tf.resolve(a, ["aws_api_gateway_rest_api"]);
  return ra !== undefined && ra.address === tf.resolve(b, ["aws_api_gateway_rest_api"])?.address;
}

export const apiThrottling: Rule = {
  id: "LF031",
  description: "API Gateway stages throttle requests (stage default route settings, or method settings for `*/*`)",
  check(tf) {
    const findings: Finding[] = [];
    for (const stage of tf.resources("aws_apigatewayv2_stage")) {
      const defaults = block(stage.body.default_route_settings);
      if (!limited(defaults?.throttling_rate_limit) || !limited(defaults?.throttling_burst_limit)) {
        findings.push({ resource: stage.address, message: "has no default_route_settings throttling_rate_limit and throttling_burst_limit: one client can use the whole account's API and Lambda concurrency" });
      }
    }
    for (const stage of tf.resources("aws_api_gateway_stage")) {
      if (!restStageThrottled(tf, stage)) {
        findings.push({ resource: stage.address, message: 'has no aws_api_gateway_method_settings for method_path "*/*" with throttling_rate_limit and throttling_burst_limit' });
      }
    }
    return findings;
  },
};

export const functionUrlAuth: Rule = {
  id: "LF032",
  description: 'Function URLs use AWS_IAM auth unless the spec makes them public (auth "NONE"); public URLs allow no "*" CORS origin',
  check(tf, ctx) {
    const findings: Finding[] = [];
    for (const url of tf.resources("aws_lambda_function_url")) {
      if (url.body.authorization_type === "AWS_IAM") continue;
      const fn = tf.lambdaFunction(url.body.function_name)?.fn;
      if (!fn || !specOptsIntoPublicUrl(ctx, fn)) {
        findings.push({ resource: url.address, message: `authorization_type is ${String(url.body.authorization_type)}, but lambdaform.json does not make this function's URL public (function-url option auth: "NONE")` });
        continue;
      }
      const cors = block(url.body.cors);
      const origins: unknown[] = cors ? [cors.allow_origins].flat().filter((o) => o !== undefined) : [];
      if (origins.includes("*")) {
        findings.push({ resource: url.address, message: 'public URL allows CORS from any origin ("*"): name the origins (--url-cors-origin)' });
      } else if (cors && origins.length === 0) {
        findings.push({ resource: url.address, message: "public URL has a cors block with no allow_origins: name the origins (--url-cors-origin) or drop the block" });
      } else {
        findings.push({
          resource: url.address,
          status: "passed",
          message: `public on purpose (lambdaform.json auth NONE); ${origins.length > 0 ? `CORS allows ${origins.join(", ")}` : "no CORS, so browser pages on other origins cannot call it"}`,
        });
      }
    }
    return findings;
  },
};

/** A literal header value as API Gateway takes it (`'https://a.example'`), unquoted. */
const headerValue = (v: unknown) => (typeof v === "string" ? v.replace(/^'(.*)'$/, "$1") : undefined);

/**
 * CORS that lets any origin send credentials would let every web page act as the signed-in
 * user; browsers refuse "*" with credentials, so such a configuration is also broken.
 */
export const apiCorsCredentials: Rule = {
  id: "LF033",
  description: 'API CORS never allows any origin ("*") together with credentials',
  check(tf) {
    const findings: Finding[] = [];
    const message = 'CORS allows any origin ("*") with credentials: name the origins (--cors-origin) or drop --cors-credentials';
    for (const api of tf.resources("aws_apigatewayv2_api")) {
      const cors = block(api.body.cors_configuration);
      const origins = cors ? [cors.allow_origins].flat() : [];
      if (origins.includes("*") && isTrue(cors?.allow_credentials)) findings.push({ resource: api.address, message });
    }
    // REST APIs: a preflight answer, or a gateway response, that says both.
    for (const type of ["aws_api_gateway_integration_response", "aws_api_gateway_gateway_response"]) {
      for (const r of tf.resources(type)) {
        const params = block(r.body.response_parameters) ?? {};
        const header = (name: string) =>
          Object.entries(params).find(([key]) => key.toLowerCase().endsWith(`.header.${name}`))?.[1];
        const templates = JSON.stringify(r.body.response_templates ?? {});
        const anyOrigin = headerValue(header("access-control-allow-origin")) === "*" || /Access-Control-Allow-Origin = \\?"\*\\?"/.test(templates);
        if (anyOrigin && headerValue(header("access-control-allow-credentials")) === "true") findings.push({ resource: r.address, message });
      }
    }
    return findings;
  },
};

export const apiRules: Rule[] = [apiAccessLogs, apiThrottling, functionUrlAuth, apiCorsCredentials];
