import { describe, expect, it } from "vitest";
import { address, body, expectAllPass, expectFailure, fixture, remove, run } from "./rules-support.js";

describe("LF030 access logs", () => {
  it("fails on an HTTP API stage without access logs", () => {
    const fx = fixture("all-node");
    delete body(fx, "aws_apigatewayv2_stage").access_log_settings;
    expectFailure(fx, "LF030", address(fx, "aws_apigatewayv2_stage"));
  });

  it("fails on a REST API stage without access logs", () => {
    const fx = fixture("all-node");
    delete body(fx, "aws_api_gateway_stage").access_log_settings;
    expectFailure(fx, "LF030", address(fx, "aws_api_gateway_stage"));
  });
});

describe("LF031 throttling", () => {
  it("fails on an HTTP API stage without default route throttling", () => {
    const fx = fixture("all-node");
    delete body(fx, "aws_apigatewayv2_stage").default_route_settings;
    expectFailure(fx, "LF031", address(fx, "aws_apigatewayv2_stage"));
  });

  it("fails on a REST API stage without method settings", () => {
    const fx = fixture("all-node");
    remove(fx, address(fx, "aws_api_gateway_method_settings"));
    expectFailure(fx, "LF031", address(fx, "aws_api_gateway_stage"));
  });

  it("fails when the method settings cover one method only, or disable the limit (-1)", () => {
    const fx = fixture("all-node");
    body(fx, "aws_api_gateway_method_settings").method_path = "items/GET";
    expectFailure(fx, "LF031", address(fx, "aws_api_gateway_stage"));
    const fx2 = fixture("all-node");
    body(fx2, "aws_api_gateway_method_settings").settings.throttling_rate_limit = -1;
    expectFailure(fx2, "LF031", address(fx2, "aws_api_gateway_stage"));
  });
});

describe("LF032 function URL auth", () => {
  it("passes an AWS_IAM URL", () => {
    const fx = fixture("all-node");
    expect(body(fx, "aws_lambda_function_url").authorization_type).toBe("AWS_IAM");
    expectAllPass(fx);
  });

  it("fails a public URL the spec did not ask for", () => {
    const fx = fixture("all-node");
    body(fx, "aws_lambda_function_url").authorization_type = "NONE";
    expectFailure(fx, "LF032", address(fx, "aws_lambda_function_url"), { message: /does not make this function's URL public/ });
  });

  it("passes a public URL the spec asked for, with a note on its CORS", () => {
    const fx = fixture("url-public-node");
    const result = run(fx).find((r) => r.rule === "LF032")!;
    expect(result).toMatchObject({ status: "passed", resource: address(fx, "aws_lambda_function_url") });
    expect(result.message).toMatch(/CORS allows https:\/\/example\.com/);
  });

  it("fails a public URL that allows any CORS origin", () => {
    const fx = fixture("url-public-node");
    body(fx, "aws_lambda_function_url").cors.allow_origins = ["*"];
    expectFailure(fx, "LF032", address(fx, "aws_lambda_function_url"), { message: /any origin/ });
  });

  it("passes a public URL without CORS (no browser access from other origins)", () => {
    const fx = fixture("url-public-node");
    delete body(fx, "aws_lambda_function_url").cors;
    expectAllPass(fx);
  });
});
