import { GetSecretValueCommand, ResourceNotFoundException } from "@aws-sdk/client-secrets-manager";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { aws, awsFails, awsSucceeds, inputsOf, signingKey } from "../testing/aws";
import { getSecret } from "./secret";

const minute = 60 * 1000;
const reads = () => inputsOf(aws.secret.commandCalls(GetSecretValueCommand));

describe("getSecret", () => {
  // Also forgets the cached value, so each test starts with a cold cache.
  beforeEach(() => awsSucceeds());

  it("reads the secret by the ARN the stack passes, then serves it from the cache for five minutes", async () => {
    const start = 1_000_000;
    expect(await getSecret(start)).toBe(signingKey);
    aws.secret.on(GetSecretValueCommand).resolves({ SecretString: "rotated-key" });
    expect(await getSecret(start + 5 * minute - 1)).toBe(signingKey);
    expect(reads()).toEqual([{ SecretId: process.env.SECRET_ARN }]);

    expect(await getSecret(start + 5 * minute)).toBe("rotated-key");
    expect(reads()).toHaveLength(2);
  });

  it("answers undefined while the secret has no value yet, and asks again after a minute", async () => {
    const noValue = "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT";
    aws.secret.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: noValue, $metadata: {} }));
    const start = 1_000_000;
    expect(await getSecret(start)).toBeUndefined();
    expect(await getSecret(start + minute - 1)).toBeUndefined();
    expect(reads()).toHaveLength(1);
    aws.secret.on(GetSecretValueCommand).resolves({ SecretString: "new-key" });
    expect(await getSecret(start + minute)).toBe("new-key");
  });

  it("turns a secret without a string value into a DependencyError", async () => {
    aws.secret.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([0, 1]) });
    await expect(getSecret()).rejects.toMatchObject({
      name: "DependencyError",
      message: "secret failed: the secret has no string value",
    });
  });

  it("turns a failed read into a DependencyError", async () => {
    awsFails();
    await expect(getSecret()).rejects.toMatchObject({
      name: "DependencyError",
      message: "secret failed: Service Unavailable",
    });
  });

  it("captures its client with the tracer, so X-Ray shows each call", async () => {
    vi.resetModules();
    const { tracer } = await import("./observability");
    const capture = vi.spyOn(tracer, "captureAWSv3Client");
    await import("./secret");
    expect(capture).toHaveBeenCalledOnce();
  });
});
