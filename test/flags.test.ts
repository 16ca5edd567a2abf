import { describe, expect, it } from "vitest";
import { parseProjectCommand } from "../src/cli/args.js";
import { parseCreateFlags } from "../src/cli/create-flags.js";
import { resolveSpec } from "../src/create/resolve-spec.js";
import { ExitCode, LambdaformError } from "../src/errors.js";
import { specFor } from "./support/render.js";

/** Runs flag parsing and answer resolution, returning the error a user would see. */
async function failure(args: string[], yes = true): Promise<LambdaformError> {
  try {
    await resolveSpec(parseCreateFlags(yes ? [...args, "--yes"] : args), undefined);
  } catch (error) {
    if (error instanceof LambdaformError) return error;
    throw error;
  }
  throw new Error(`expected ${args.join(" ")} to fail`);
}

describe("create flags", () => {
  it("takes defaults with --yes: one http-api function on nodejs24.x, arm64", async () => {
    const spec = await specFor(["my-svc"]);
    expect(spec.name).toBe("my-svc");
    expect(spec.runtime).toBe("nodejs24.x");
    expect(spec.functions).toEqual([{ name: "api", trigger: "http-api", options: { route: "ANY /{proxy+}" } }]);
    expect(spec.settings).toMatchObject({ arch: "arm64", memory: 256, timeout: 10, logRetention: 30, tracing: true, env: {} });
  });

  it("names functions predictably, one per trigger", async () => {
    const spec = await specFor(["svc", "--trigger", "sqs", "--trigger", "sqs", "--trigger", "s3"]);
    expect(spec.functions.map((f) => f.name)).toEqual(["worker", "worker-2", "objects"]);
  });

  it("reads every setting from its flag", async () => {
    const spec = await specFor([
      "svc", "--runtime", "python3.13", "--arch", "x86_64", "--memory", "1024", "--timeout", "60",
      "--log-retention", "14", "--no-tracing", "--reserved-concurrency", "5", "--provisioned-concurrency", "2",
      "--env", "STAGE=prod", "--region", "eu-west-1", "--resource", "table",
    ]);
    expect(spec.runtime).toBe("python3.13");
    expect(spec.region).toBe("eu-west-1");
    expect(spec.resources).toEqual([{ type: "table", name: "table", functions: ["api"] }]);
    expect(spec.settings).toEqual({
      arch: "x86_64", memory: 1024, timeout: 60, logRetention: 14, tracing: false,
      reservedConcurrency: 5, provisionedConcurrency: 2, env: { STAGE: "prod" },
    });
  });

  it("derives the SQS batching window Lambda requires above 10 messages, unless one is given", async () => {
    expect((await specFor(["svc", "--trigger", "sqs", "--sqs-batch-size", "100"])).functions[0]!.options).toEqual({ batchSize: 100, batchWindow: 1 });
    expect((await specFor(["svc", "--trigger", "sqs"])).functions[0]!.options).toEqual({ batchSize: 10, batchWindow: 0 });
    const chosen = await specFor(["svc", "--trigger", "sqs", "--sqs-batch-size", "100", "--sqs-batch-window", "20"]);
    expect(chosen.functions[0]!.options).toEqual({ batchSize: 100, batchWindow: 20 });
  });

  it("takes the folder's name as the project name, or --name", async () => {
    expect((await specFor(["some/where/orders-api"])).name).toBe("orders-api");
    expect((await specFor(["folder", "--name", "billing"])).name).toBe("billing");
  });

  const invalid: [string[], number, RegExp][] = [
    [["svc", "--memory", "64"], ExitCode.invalidValue, /--memory must be at least 128/],
    [["svc", "--memory", "10241"], ExitCode.invalidValue, /--memory must be at most 10240/],
    [["svc", "--memory", "1.5"], ExitCode.invalidValue, /--memory must be a whole number/],
    [["svc", "--timeout", "0"], ExitCode.invalidValue, /--timeout must be at least 1/],
    [["svc", "--timeout", "901"], ExitCode.invalidValue, /--timeout must be at most 900/],
    [["svc", "--log-retention", "2"], ExitCode.invalidValue, /--log-retention must be one of 1, 3, 5/],
    [["svc", "--runtime", "nodejs18.x"], ExitCode.invalidValue, /--runtime must be one of/],
    [["svc", "--arch", "sparc"], ExitCode.invalidValue, /--arch must be one of arm64, x86_64/],
    [["svc", "--region", "moon-1"], ExitCode.invalidValue, /--region must be an AWS region/],
    [["svc", "--trigger", "kafka"], ExitCode.invalidValue, /--trigger must be one of/],
    [["svc", "--resource", "redis"], ExitCode.invalidValue, /--resource must be one of/],
    [["Bad_Name"], ExitCode.invalidValue, /project name "Bad_Name" \(from the folder\) must start with a letter/],
    [["svc", "--name", "a".repeat(33)], ExitCode.invalidValue, /--name must be at most 32 characters/],
    [["svc", "--name", "x\"; rm -rf /"], ExitCode.invalidValue, /--name must start with a letter/],
    [["svc", "--schedule", "every minute", "--trigger", "schedule"], ExitCode.invalidValue, /--schedule must be/],
    [["svc", "--event-pattern", "{}", "--trigger", "eventbridge"], ExitCode.invalidValue, /--event-pattern must be a non-empty JSON object/],
    [["svc", "--http-route", "FETCH /x"], ExitCode.invalidValue, /--http-route method "FETCH" must be one of ANY, GET/],
    [["svc", "--http-route", "GET /items/{id"], ExitCode.invalidValue, /--http-route path segment "\{id" has an unbalanced \{ \(no closing \}\), got "GET \/items\/\{id"/],
    [["svc", "--http-route", "GET /{proxy+}/x"], ExitCode.invalidValue, /--http-route the greedy \{proxy\+\} must be the last segment/],
    [["svc", "--trigger", "schedule", "--schedule", "cron(99 99 * * ? *)"], ExitCode.invalidValue, /^--schedule cron minutes "99": 99 is out of range 0-59, got "cron\(99 99/],
    [["svc", "--trigger", "schedule", "--schedule", "cron(0 3 * * * *)"], ExitCode.invalidValue, /--schedule cron needs \? in exactly one of day-of-month and day-of-week/],
    [["svc", "--trigger", "schedule", "--schedule", "rate(1 minutes)"], ExitCode.invalidValue, /--schedule rate of 1 takes the singular unit: rate\(1 minute\)/],
    [["svc", "--trigger", "schedule", "--schedule", "rate(5 minute)"], ExitCode.invalidValue, /--schedule rate of 5 takes the plural unit: rate\(5 minutes\)/],
    [["svc", "--trigger", "s3", "--s3-prefix", "p".repeat(2000)], ExitCode.invalidValue, /^--s3-prefix is 2000 bytes: S3 keys are at most 1024 bytes, so no key would match, got "p{60}…" \(2000 characters\)$/],
    [["svc", "--trigger", "s3", "--s3-prefix", "in\u0007box/"], ExitCode.invalidValue, /--s3-prefix has a control character \(U\+0007\), got "in\\u0007box\/"/],
    [["svc", "--trigger", "s3", "--s3-suffix", ".csv\n"], ExitCode.invalidValue, /--s3-suffix has a control character \(U\+000A\)/],
    [["svc", "--trigger", "s3", "--s3-prefix", "a b/"], ExitCode.invalidValue, /--s3-prefix may use letters, digits and !_.\*'\(\)-\/ only, not " "/],
    [["svc", "--trigger", "s3", "--s3-prefix", "p".repeat(600), "--s3-suffix", "s".repeat(600)], ExitCode.invalidValue, /--s3-prefix and --s3-suffix take 1200 bytes together: S3 keys are at most 1024 bytes/],
    [["svc", "--trigger", "eventbridge", "--event-pattern", JSON.stringify({ source: ["x".repeat(2100)] })], ExitCode.invalidValue, /--event-pattern is 2115 characters; EventBridge takes at most 2048/],
    [["svc", "--trigger", "eventbridge", "--event-pattern", '{"$or":[]}'], ExitCode.invalidValue, /--event-pattern must give \$or a non-empty array of patterns/],
    [["svc", "--trigger", "eventbridge", "--event-pattern", '{"$or":[{"source":"a"},{"source":["b"]}]}'], ExitCode.invalidValue, /--event-pattern must give source an array of values/],
    [["svc", "--trigger", "eventbridge", "--event-pattern", '{"source":[["a"]]}'], ExitCode.invalidValue, /--event-pattern must not nest arrays in source/],
    [["svc", "--trigger", "eventbridge", "--event-pattern", "[1]"], ExitCode.invalidValue, /--event-pattern must be a non-empty JSON object/],
    [["svc", "--memory", "-5"], ExitCode.invalidValue, /^--memory must be at least 128, got "-5"$/],
    [["svc", "--reserved-concurrency", "-1"], ExitCode.invalidValue, /^--reserved-concurrency must be at least 0, got "-1"$/],
    [["svc", "--timeout", "-3"], ExitCode.invalidValue, /^--timeout must be at least 1, got "-3"$/],
    [["svc", "--timeout=-3"], ExitCode.invalidValue, /^--timeout must be at least 1, got "-3"$/],
    [["svc", "--memory", "-x"], ExitCode.usage, /^--memory needs a value; to give one that starts with -, write --memory=<value>$/],
    [["svc", "--trigger", "schedule", "--schedule", "at(2030-13-45T99:99:99)"], ExitCode.invalidValue, /--schedule has no such time: 2030-13-45T99:99:99/],
    [["svc", "--trigger", "schedule", "--schedule", "cron(${a} * * * ? *)"], ExitCode.invalidValue, /--schedule cron minutes "\$\{a\}": "\$\{a\}" is not a value/],
    [["svc", "--trigger", "schedule", "--schedule-timezone", "Mars/Olympus"], ExitCode.invalidValue, /--schedule-timezone must be an IANA time zone/],
    [["svc", "--trigger", "eventbridge", "--event-pattern", '{"source":"x"}'], ExitCode.invalidValue, /--event-pattern must give source an array of values/],
    [["svc", "--trigger", "eventbridge", "--event-pattern", '{"detail":{"status":[]}}'], ExitCode.invalidValue, /must list at least one value for detail\.status/],
    [["svc", "--memory", "512", "--memory", "1024"], ExitCode.usage, /--memory is given twice/],
    [["svc", "--trigger", "sqs", "--sqs-batch-size", "100", "--sqs-batch-window", "0"], ExitCode.usage, /needs --sqs-batch-window of at least 1/],
    [["svc", "--resource", "table", "--env", "TABLE_NAME=mine"], ExitCode.usage, /--env TABLE_NAME is set by --resource table/],
    [["svc", "--env", "POWERTOOLS_SERVICE_NAME=x"], ExitCode.usage, /--env POWERTOOLS_SERVICE_NAME is set by the stack/],
    [["svc", "--env", "NOEQUALS"], ExitCode.invalidValue, /--env takes KEY=VALUE/],
    [["svc", "--env", "AWS_REGION=us-east-1"], ExitCode.invalidValue, /--env AWS_REGION is reserved by Lambda/],
    [["svc", "--env", "DB_PASSWORD=hunter2"], ExitCode.invalidValue, /^--env DB_PASSWORD is named like a secret \(PASSWORD\); keep secrets out of environment variables: add `--resource secret`/],
    [["svc", "--env", "KEY=AKIAIOSFODNN7EXAMPLE"], ExitCode.invalidValue, /^--env KEY holds what looks like an AWS access key id; keep secrets out/],
    [["svc", "--env", "DATABASE_URL=postgres://u:p@host/db"], ExitCode.invalidValue, /^--env DATABASE_URL holds what looks like a PostgreSQL URL with a password in it; .*--resource secret/],
    [["svc", "--env", "ALERTS=https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnopqrstuvwx"], ExitCode.invalidValue, /^--env ALERTS holds what looks like a Slack webhook URL;/],
    [["svc", "--env", "A=1", "--env", "A=2"], ExitCode.invalidValue, /given twice/],
    [["svc", "--env", `BIG=${"x".repeat(4100)}`], ExitCode.invalidValue, /Lambda allows 4096/],
    [["svc", "--bogus"], ExitCode.usage, /^unknown option --bogus; --help lists the options$/],
    [["svc", "-q"], ExitCode.usage, /^unknown option -q; --help lists the options$/],
    [["svc", "--trigers", "sqs"], ExitCode.usage, /^unknown option --trigers; did you mean --trigger\?$/],
    [["svc", "--no-instal"], ExitCode.usage, /^unknown option --no-instal; did you mean --no-install\?$/],
    [["svc", "--rum"], ExitCode.usage, /^unknown option --rum; --help lists the options$/],
    [["svc", "--yes=no"], ExitCode.usage, /^--yes takes no value$/],
    [["svc", "other"], ExitCode.usage, /expected one target folder/],
    [["svc", "--tracing", "--no-tracing"], ExitCode.usage, /--tracing and --no-tracing conflict/],
    [["svc", "--resource", "table", "--resource", "table"], ExitCode.usage, /--resource table is given twice/],
    [["svc", "--sqs-batch-size", "5"], ExitCode.usage, /--sqs-batch-size applies to --trigger sqs/],
    [["svc", "--trigger", "function-url", "--url-cors-origin", "https://a.example"], ExitCode.usage, /only applies to a public URL/],
    [["svc", "--reserved-concurrency", "2", "--provisioned-concurrency", "3"], ExitCode.usage, /exceeds --reserved-concurrency/],
  ];

  it.each(invalid)("refuses %j with a one-line reason", async (args, code, message) => {
    const error = await failure(args);
    expect(error.exitCode).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain("\n");
  });

  it("a project command's misspelt flag is answered with the one meant (exit 2)", () => {
    const flags = { "no-install": { type: "boolean" }, "no-cache": { type: "boolean" } } as const;
    expect(() => parseProjectCommand(["--no-cach"], process.cwd(), flags)).toThrow(expect.objectContaining({ exitCode: ExitCode.usage, message: "unknown option --no-cach; did you mean --no-cache?" }));
    expect(() => parseProjectCommand(["--cache"], process.cwd(), flags)).toThrow(expect.objectContaining({ message: "unknown option --cache; --help lists the options" }));
  });

  it("a flag left without its value at the end says so in one line (exit 2)", () => {
    expect(() => parseCreateFlags(["svc", "--memory"])).toThrow(expect.objectContaining({ exitCode: ExitCode.usage, message: "--memory needs a value" }));
  });

  it("without a terminal or --yes, names the flags to pass", async () => {
    const error = await failure(["svc"], false);
    expect(error.exitCode).toBe(ExitCode.missingAnswer);
    expect(error.message).toBe("no terminal to ask on: pass --runtime, --trigger (or --yes for defaults)");
    expect((await failure([], false)).message).toMatch(/pass a target folder, --runtime, --trigger/);
  });

  it("without a terminal, takes the main choices from flags and defaults for the rest", async () => {
    const { spec } = await resolveSpec(parseCreateFlags(["svc", "--runtime", "python3.12", "--trigger", "sns"]), undefined);
    expect(spec.runtime).toBe("python3.12");
    expect(spec.functions.map((f) => f.trigger)).toEqual(["sns"]);
    expect(spec.settings.memory).toBe(256);
  });
});
