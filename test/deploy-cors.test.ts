import { readFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { ExitCode } from "../src/errors.js";
import { apiCorsCredentials } from "../src/verify/rules/api.js";
import { TerraformJson } from "../src/verify/stack/terraform-json.js";
import { recordingIo } from "./support/io.js";
import { generateProject, removeTempDirs } from "./support/project.js";

afterAll(removeTempDirs);

const synthesized = async (dir: string) => {
  await execa("node", ["scripts/package.mjs"], { cwd: dir });
  await execa("node", ["scripts/synth.mjs"], { cwd: dir });
  return JSON.parse(readFileSync(path.join(dir, "cdktf.out/stacks/svc/cdk.tf.json"), "utf8"));
};
const ofType = (stack: any, type: string): any[] => Object.values(stack.resource?.[type] ?? {});

describe("CORS on HTTP and REST APIs (--cors-origin)", () => {
  it("is in the synthesized APIs, and the project's own stack tests check it", async () => {
    const dir = await generateProject("svc", [
      "--trigger", "http-api", "--trigger", "rest-api",
      "--cors-origin", "https://app.example.com,http://localhost:5173", "--cors-credentials",
    ]);
    const stack = await synthesized(dir);
    expect(ofType(stack, "aws_apigatewayv2_api")[0].cors_configuration).toEqual({
      allow_origins: ["https://app.example.com", "http://localhost:5173"],
      allow_methods: ["GET", "POST", "PUT", "DELETE"],
      allow_headers: ["content-type", "authorization"],
      allow_credentials: true,
      max_age: 300,
    });
    const options = ofType(stack, "aws_api_gateway_method").filter((m) => m.http_method === "OPTIONS");
    expect(options).toHaveLength(2);
    const [answer] = ofType(stack, "aws_api_gateway_integration_response");
    expect(answer.response_parameters["method.response.header.Access-Control-Allow-Credentials"]).toBe("'true'");
    expect(answer.response_templates["application/json"]).toContain('#set($allowed = ["https://app.example.com", "http://localhost:5173"])');
    // Two origins: API Gateway's own error answers cannot name one, so they carry none.
    expect(ofType(stack, "aws_api_gateway_gateway_response")).toEqual([]);
    expect(new TerraformJson(stack).resources("aws_apigatewayv2_api")).toHaveLength(1);
    expect(apiCorsCredentials.check(new TerraformJson(stack), undefined as never)).toEqual([]);

    const tests = await execa("npx", ["vitest", "run", "infra/stack.test.ts"], { cwd: dir, reject: false, all: true });
    expect(tests.exitCode, tests.all).toBe(0);
    expect(tests.all).toMatch(/(\d+) passed/);
  }, 180_000);

  it("takes * with a warning, refuses * with credentials and bad origins with one line each", async () => {
    const create = async (...flags: string[]) => {
      const io = recordingIo();
      const code = await runCli("create", ["svc", "--yes", "--dry-run", "--trigger", "http-api", ...flags], { io, cwd: "/tmp" });
      return { code, stderr: io.stderr.join("\n") };
    };
    const any = await create("--cors-origin", "*");
    expect(any.code).toBe(ExitCode.ok);
    expect(any.stderr).toContain("lambdaform: warning: --cors-origin * lets any web page call this API");
    const both = await create("--cors-origin", "*", "--cors-credentials");
    expect(both).toEqual({ code: ExitCode.usage, stderr: "lambdaform: --cors-origin * cannot go with --cors-credentials: name the origins that may send credentials" });
    const bad = await create("--cors-origin", "app.example.com");
    expect(bad.code).toBe(ExitCode.invalidValue);
    expect(bad.stderr.split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain("an origin is scheme://host[:port]");
    expect((await create("--cors-credentials")).code).toBe(ExitCode.usage);
  });

  it("LF033 fails an API that allows any origin with credentials, on HTTP and REST APIs", () => {
    const stack = {
      resource: {
        aws_apigatewayv2_api: { api: { name: "a", protocol_type: "HTTP", cors_configuration: { allow_origins: ["*"], allow_credentials: true } } },
        aws_api_gateway_integration_response: {
          preflight: {
            status_code: "204",
            response_parameters: { "method.response.header.Access-Control-Allow-Credentials": "'true'" },
            response_templates: { "application/json": '#set($context.responseOverride.header.Access-Control-Allow-Origin = "*")' },
          },
        },
        aws_api_gateway_gateway_response: {
          errors: { response_type: "DEFAULT_4XX", response_parameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'*'", "gatewayresponse.header.Access-Control-Allow-Credentials": "'true'" } },
          fine: { response_type: "DEFAULT_5XX", response_parameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'https://app.example.com'", "gatewayresponse.header.Access-Control-Allow-Credentials": "'true'" } },
        },
      },
    };
    const findings = apiCorsCredentials.check(new TerraformJson(stack), undefined as never);
    expect(findings.map((f) => f.resource).sort()).toEqual([
      "aws_api_gateway_gateway_response.errors",
      "aws_api_gateway_integration_response.preflight",
      "aws_apigatewayv2_api.api",
    ]);
  });
});
