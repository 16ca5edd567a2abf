import { secretAdvice } from "../../catalog/environment.js";
import { secretKind, secretNameWord } from "../../catalog/secret-detector.js";
import { block, isObject, wholeInterpolation } from "../stack/terraform-json.js";
import type { Finding, Rule } from "./types.js";

export const tracingActive: Rule = {
  id: "LF040",
  description: "Functions trace with X-Ray (tracing_config mode Active) unless settings turn tracing off",
  check(tf, ctx) {
    const findings: Finding[] = [];
    for (const fn of tf.resources("aws_lambda_function")) {
      const mode = block(fn.body.tracing_config)?.mode;
      if (mode === "Active") continue;
      if (ctx.manifest.spec.settings.tracing === false) {
        findings.push({ resource: fn.address, status: "waived", message: `tracing mode is ${mode ?? "unset (PassThrough)"}`, reason: "tracing is off in lambdaform.json (settings.tracing: false)" });
      } else {
        findings.push({ resource: fn.address, message: `tracing mode is ${mode ?? "unset (PassThrough)"}, but lambdaform.json settings.tracing is true: set tracing_config { mode = "Active" }` });
      }
    }
    return findings;
  },
};

/** A value that points at a secret (a reference, or an ARN) rather than holding one. */
const pointsAtSecret = (value: string) => wholeInterpolation(value) !== undefined || value.startsWith("arn:");

export const noSecretsInEnvironment: Rule = {
  id: "LF041",
  description: "Function environment variables hold no secrets (names or values that look like credentials)",
  check(tf) {
    const findings: Finding[] = [];
    for (const fn of tf.resources("aws_lambda_function")) {
      const variables = block(fn.body.environment)?.variables;
      if (!isObject(variables)) continue;
      for (const [key, raw] of Object.entries(variables)) {
        const value = typeof raw === "string" ? raw : String(raw);
        // The value is never echoed: a report is no place for a leaked credential.
        const kind = pointsAtSecret(value) ? undefined : secretKind(value);
        const word = secretNameWord(key);
        if (kind) {
          findings.push({ resource: fn.address, message: `environment variable ${key} holds what looks like ${kind}; ${secretAdvice}` });
        } else if (word && !pointsAtSecret(value)) {
          findings.push({ resource: fn.address, message: `environment variable ${key} is named like a secret (${word}) and holds a literal value; keep the secret in Secrets Manager and pass its ARN` });
        }
      }
    }
    return findings;
  },
};

export const functionRules: Rule[] = [tracingActive, noSecretsInEnvironment];
