import { describe, expect, it } from "vitest";
import { address, body, expectAllPass, expectFailure, fixture, run } from "./rules-support.js";

describe("LF040 tracing", () => {
  it("fails when a function does not trace though settings say it should", () => {
    const fx = fixture("all-node");
    body(fx, "aws_lambda_function", "worker_function").tracing_config = { mode: "PassThrough" };
    expectFailure(fx, "LF040", address(fx, "aws_lambda_function", "worker_function"), { message: /PassThrough/ });
  });

  it("reports waived with the setting as reason when settings.tracing is false", () => {
    const fx = fixture("http-api-node");
    fx.manifest.spec.settings.tracing = false;
    body(fx, "aws_lambda_function", "api_function").tracing_config = { mode: "PassThrough" };
    const results = run(fx).filter((r) => r.rule === "LF040");
    expect(results).toEqual([
      expect.objectContaining({ status: "waived", resource: address(fx, "aws_lambda_function", "api_function"), reason: expect.stringMatching(/settings\.tracing: false/) }),
    ]);
    expect(run(fx).filter((r) => r.status === "failed")).toEqual([]);
  });
});

describe("LF041 no secrets in environment variables", () => {
  it("fails on a value shaped like an AWS access key, without echoing it", () => {
    const fx = fixture("all-node");
    body(fx, "aws_lambda_function", "worker_function").environment.variables.UPSTREAM = "AKIAABCDEFGHIJKLMNOP";
    const hit = expectFailure(fx, "LF041", address(fx, "aws_lambda_function", "worker_function"), { message: /UPSTREAM/ });
    expect(hit.message).not.toContain("AKIA");
  });

  it.each([
    ["a PostgreSQL URL with a password in it", ["postgres://app:", "pw@db.internal/app"]],
    ["a JSON Web Token", ["eyJhbGciOiJIUzI1NiJ9", ".eyJzdWIiOiIxMjM0NTY3ODkwIn0", ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV"]],
    ["a Slack webhook URL", ["https://hooks.slack.com/services/", "T0123ABCD/B0123ABCD/abcdefghijklmnopqrstuvwx"]],
    ["a GitHub token", ["ghp_", "wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx"]],
    ["a long random string (an API key or secret)", ["u8Xk2Pq9Lm4Nz7", "Rt1Vw5Ys3Bd6Gh0Jf8Kc2Ae4"]],
  ])("fails on %s with the kind named, through the same detector as --env", (kind, parts) => {
    const fx = fixture("http-api-node");
    const value = parts.join("");
    body(fx, "aws_lambda_function", "api_function").environment.variables.UPSTREAM = value;
    const hit = expectFailure(fx, "LF041", address(fx, "aws_lambda_function", "api_function"), { message: /UPSTREAM/ });
    expect(hit.message).toContain(`holds what looks like ${kind}`);
    expect(hit.message).not.toContain(value.slice(-10));
  });

  it("passes plain configuration values", () => {
    const fx = fixture("http-api-node");
    Object.assign(body(fx, "aws_lambda_function", "api_function").environment.variables, {
      API_URL: "https://api.example.com/v1",
      TENANT: "0b6c8e2a-7f41-4d3b-9a55-2f1e6c9d0a73",
      STAGE: "production",
    });
    expectAllPass(fx);
  });

  it("fails on a credential-named variable with a literal value", () => {
    const fx = fixture("http-api-node");
    body(fx, "aws_lambda_function", "api_function").environment.variables.DB_PASSWORD = "hunter2";
    expectFailure(fx, "LF041", address(fx, "aws_lambda_function", "api_function"), { message: /DB_PASSWORD/ });
  });

  it("accepts a credential-named variable that points at a secret (SECRET_ARN from the secret resource)", () => {
    const fx = fixture("http-api-node");
    expect(body(fx, "aws_lambda_function", "api_function").environment.variables.SECRET_ARN).toMatch(/^\$\{aws_secretsmanager_secret\./);
    body(fx, "aws_lambda_function", "api_function").environment.variables.API_KEY_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:k";
    expectAllPass(fx);
  });
});
