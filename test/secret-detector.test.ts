import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../src/catalog/environment.js";
import { looksRandom, secretKind, secretNameWord } from "../src/catalog/secret-detector.js";
import { ExitCode, LambdaformError } from "../src/errors.js";

/**
 * Sample credentials in each provider's documented format. They are made up, and assembled
 * from parts so that this file itself does not trip a secret scanner.
 */
const join = (...parts: string[]) => parts.join("");
const secrets: [string, string, string][] = [
  ["an AWS access key id", "AKIA", join("AKIA", "Z7VRSQ5KJ4PLMN2Q")],
  ["an AWS access key id", "ASIA (temporary)", join("ASIA", "Z7VRSQ5KJ4PLMN2Q")],
  ["an AWS access key id", "inside a longer value", join("key=", "AKIA", "Z7VRSQ5KJ4PLMN2Q")],
  ["a private key", "RSA", join("-----BEGIN RSA ", "PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----")],
  ["a private key", "OpenSSH", join("-----BEGIN OPENSSH ", "PRIVATE KEY-----")],
  ["a private key", "PKCS#8", join("-----BEGIN ", "PRIVATE KEY-----")],
  ["a private key", "encrypted", join("-----BEGIN ENCRYPTED ", "PRIVATE KEY-----")],
  ["a GitHub token", "ghp_", join("ghp", "_", "wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx")],
  ["a GitHub token", "gho_", join("gho", "_", "16C7e42F292c6912E7710c838347Ae178B4a")],
  ["a GitHub token", "github_pat_", join("github", "_pat_", "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz")],
  ["a GitLab token", "glpat-", join("glpat", "-", "xYz12AbC34dEf56GhI78j")],
  ["an npm token", "npm_", join("npm", "_", "abcdefghijklmnopqrstuvwxyz0123456789")],
  ["a Stripe secret key", "sk_live_", join("sk", "_live_", "51H8abcdefghijklmnop")],
  ["a Stripe secret key", "rk_test_", join("rk", "_test_", "51H8abcdefghijklmnop")],
  ["a Stripe secret key", "webhook secret", join("whsec", "_", "abcdefghijklmnopqrstuvwx")],
  ["a Slack token", "bot", join("xoxb", "-123456789012-1234567890123-abcdefghijklmnop")],
  ["a Slack webhook URL", "incoming webhook", join("https://hooks.slack.com/services/", "T0123ABCD/B0123ABCD/abcdefghijklmnopqrstuvwx")],
  ["a Discord webhook URL", "discord.com", join("https://discord.com/api/", "webhooks/123456789012345678/abcDEF_ghi-123")],
  ["a Discord webhook URL", "discordapp.com", join("https://discordapp.com/api/", "webhooks/123456789012345678/abcDEF_ghi-123")],
  ["a Google API key", "AIza", join("AIza", "SyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe")],
  ["a Google OAuth client secret", "GOCSPX-", join("GOCSPX", "-", "abcdefghijklmnopqrstuvwxyz12")],
  ["an Anthropic API key", "sk-ant-", join("sk-ant", "-api03-abcdefghijklmnopqrstuvwxyz")],
  ["an OpenAI API key", "sk-proj-", join("sk-", "proj-abcdefghijklmnopqrstuv12")],
  ["a SendGrid API key", "SG.", join("SG", ".abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")],
  ["a Telegram bot token", "bot token", join("123456789", ":AA", "Fabcdefghijklmnopqrstuvwxyz012345")],
  ["a JSON Web Token", "HS256", join("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", ".eyJzdWIiOiIxMjM0NTY3ODkwIn0", ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")],
  ["a bearer token", "Authorization value", join("Bearer ", "abcdefghijklmnopqrstuvwxyz012345")],
  ["a PostgreSQL URL with a password in it", "postgres://u:p@", join("postgres://u:", "p@host/db")],
  ["a PostgreSQL URL with a password in it", "postgresql://", join("postgresql://app:", "s3cret@db.example.com:5432/app")],
  ["a Redis URL with a password in it", "no user", join("redis://:", "pw@cache:6379/0")],
  ["a MongoDB URL with a password in it", "mongodb+srv", join("mongodb+srv://app:", "pw@cluster0.example.net/db")],
  ["an HTTPS URL with a password in it", "basic auth in a URL", join("https://user:", "pass@example.com/hook")],
  ["a ftp: URL with a password in it", "any scheme", join("ftp://user:", "pass@files.example.com/")],
  ["a long random string (an API key or secret)", "AWS secret access key shape", join("u8Xk2Pq9Lm4Nz7", "Rt1Vw5Ys3Bd6Gh0Jf8Kc2Ae4")],
  ["a long random string (an API key or secret)", "base64 of 32 bytes", join("q3Z9v+Lk2Xw8", "Pm4Rt7Ys1Nd6Gh0Jf5Kc2Ae4Bu9Vo3Tz=")],
];

describe("secret detector", () => {
  it.each(secrets)("finds %s (%s)", (kind, _what, value) => {
    expect(secretKind(value)).toBe(kind);
  });

  it.each([
    ["a URL without a password", "https://api.example.com/v1/items?limit=10"],
    ["a URL with a user but no password", "https://deploy@example.com/x"],
    ["a database URL without a password", "postgres://app@db.internal:5432/app"],
    ["a region", "eu-west-1"],
    ["ordinary words", "production"],
    ["a slug", "orders-service-production-2024"],
    ["a number", "30"],
    ["a boolean", "true"],
    ["a log level", "DEBUG"],
    // UUIDs are ids (tenants, feature flags, request ids), not secrets: decided, and kept passing.
    ["a UUID", "0b6c8e2a-7f41-4d3b-9a55-2f1e6c9d0a73"],
    // Hex strings (commit SHAs, hashes) are ids far more often than secrets in configuration.
    ["a commit SHA", "3f786850e387550fdab836ed7e6dc881de23001b"],
    ["an ARN", "arn:aws:sns:us-east-1:123456789012:alerts"],
    ["a CamelCase name with digits", "MyOrdersServiceV2ProductionEuWest1"],
    ["a path", "Uploads/Reports2024/Monthly"],
    ["a Java-style name", "com.example.MyApp.Service1"],
    ["a sentence", "Hello from the orders service, version 2"],
    ["a publishable Stripe key (public by design)", "pk_live_51H8abcdefghijklmnop"],
    ["an email address", "ops@example.com"],
  ])("lets %s through", (_what, value) => {
    expect(secretKind(value)).toBeUndefined();
  });

  it("finds almost every random key of 32 characters or more, and says what each is", () => {
    const found = Array.from({ length: 200 }, () => randomBytes(30).toString("base64")).filter(looksRandom).length;
    expect(found).toBeGreaterThan(180);
    expect(looksRandom(randomUUID())).toBe(false);
  });

  it("names the credential word in a variable's name", () => {
    expect(secretNameWord("DB_PASSWORD")).toBe("PASSWORD");
    expect(secretNameWord("github_token")).toBe("TOKEN");
    expect(secretNameWord("STRIPE_APIKEY")).toBe("APIKEY");
    expect(secretNameWord("TABLE_NAME")).toBeUndefined();
  });
});

describe("--env refuses secrets", () => {
  const refusal = (pair: string): LambdaformError => {
    try {
      parseEnv([pair]);
    } catch (error) {
      if (error instanceof LambdaformError) return error;
      throw error;
    }
    throw new Error(`expected ${pair} to be refused`);
  };

  it.each(secrets)("refuses %s (%s) naming the variable and the kind, never the value", (kind, _what, value) => {
    const error = refusal(`UPSTREAM=${value}`);
    expect(error.exitCode).toBe(ExitCode.invalidValue);
    expect(error.message).toBe(`--env UPSTREAM holds what looks like ${kind}; keep secrets out of environment variables: add \`--resource secret\` and read it at run time`);
    expect(error.message).not.toContain(value.slice(-12));
  });

  it("takes plain configuration", () => {
    expect(parseEnv(["STAGE=prod", "API_URL=https://api.example.com", "TENANT=0b6c8e2a-7f41-4d3b-9a55-2f1e6c9d0a73"])).toEqual({
      STAGE: "prod",
      API_URL: "https://api.example.com",
      TENANT: "0b6c8e2a-7f41-4d3b-9a55-2f1e6c9d0a73",
    });
  });
});
