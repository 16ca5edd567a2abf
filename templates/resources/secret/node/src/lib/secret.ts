import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { requiredEnv } from "./config";
import { DependencyError } from "./errors";
import { tracer } from "./observability";

// The environment holds the secret's ARN, never its value.
// Read when used, not at load: the stack sets SECRET_ARN only for the functions that use this resource.
const secretArn = (): string => requiredEnv("SECRET_ARN");
// Captured by the tracer, so each call shows in the function's X-Ray trace.
const secrets = tracer.captureAWSv3Client(new SecretsManagerClient({}));
/** Long enough to spare Secrets Manager on every call, short enough to pick up a rotation. */
const cacheMs = 5 * 60 * 1000;
let cached: { value: string; expires: number } | undefined;

export async function getSecret(now = Date.now()): Promise<string> {
  if (cached && cached.expires > now) return cached.value;
  try {
    const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn() }));
    if (!SecretString) throw new Error("the secret has no string value");
    cached = { value: SecretString, expires: now + cacheMs };
    return SecretString;
  } catch (error) {
    throw new DependencyError("secret", error);
  }
}

/** For tests: forget the cached value. */
export function clearSecretCache(): void {
  cached = undefined;
}
