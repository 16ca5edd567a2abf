import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
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
/** How long "no value yet" is remembered: a value set after the deploy is picked up within a minute. */
const unsetCacheMs = 60 * 1000;
let cached: { value: string | undefined; expires: number } | undefined;

/**
 * The secret's value, or undefined while it has none. The stack creates the secret without a
 * value (it never enters Terraform's state); until someone sets one (`aws secretsmanager
 * put-secret-value`, see the README), Secrets Manager answers ResourceNotFoundException for its
 * current version, and callers carry on without it.
 */
export async function getSecret(now = Date.now()): Promise<string | undefined> {
  if (cached && cached.expires > now) return cached.value;
  let value: string | undefined;
  try {
    ({ SecretString: value } = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn() })));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw new DependencyError("secret", error);
    cached = { value: undefined, expires: now + unsetCacheMs };
    return undefined;
  }
  if (!value) throw new DependencyError("secret", new Error("the secret has no string value"));
  cached = { value, expires: now + cacheMs };
  return value;
}

/** For tests: forget the cached value. */
export function clearSecretCache(): void {
  cached = undefined;
}
