import { invalidValue } from "../errors.js";
import { quoted } from "./option.js";
import { secretKind, secretNameWord } from "./secret-detector.js";
import { limits } from "./settings.js";

const keyPattern = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Lambda sets these itself and rejects functions that try to (AWS docs: "Reserved environment variables"). */
const reservedKeys = new Set([
  "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
]);

/** Where a secret belongs instead: said once, by `--env` at create and by LF041 at verify. */
export const secretAdvice = "keep secrets out of environment variables: add `--resource secret` and read it at run time";

/** Parses repeated `--env KEY=VALUE` flags into a map, refusing anything Lambda or a reviewer would. */
export function parseEnv(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw invalidValue(`--env takes KEY=VALUE, got ${quoted(pair)}`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    checkEnvEntry(key, value);
    if (key in env) throw invalidValue(`--env ${key} is given twice`);
    env[key] = value;
  }
  const bytes = Object.entries(env).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (bytes > limits.environmentBytes) {
    throw invalidValue(`--env values take ${bytes} bytes; Lambda allows ${limits.environmentBytes} in all`);
  }
  return env;
}

export function checkEnvEntry(key: string, value: string): void {
  if (!keyPattern.test(key)) throw invalidValue(`--env key ${quoted(key)} must be letters, digits and underscores, starting with a letter`);
  if (reservedKeys.has(key)) throw invalidValue(`--env ${key} is reserved by Lambda`);
  // Said before the secret checks, which need not read a value Lambda would refuse anyway.
  const bytes = Buffer.byteLength(key) + Buffer.byteLength(value);
  if (bytes > limits.environmentBytes) throw invalidValue(`--env ${key} takes ${bytes} bytes; Lambda allows ${limits.environmentBytes} for all variables together`);
  // The value is never echoed: an error message (and a CI log) is no place for a leaked credential.
  const kind = secretKind(value);
  if (kind) throw invalidValue(`--env ${key} holds what looks like ${kind}; ${secretAdvice}`);
  const word = secretNameWord(key);
  if (word) throw invalidValue(`--env ${key} is named like a secret (${word}); ${secretAdvice}`);
}
