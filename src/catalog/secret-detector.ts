/**
 * What a credential looks like, for `--env` at create and rule LF041 at verify: one module, so
 * the two can never disagree. It checks a value as secret scanners do: known token formats
 * (prefixes and shapes), passwords in URLs, private key blocks, and long random strings.
 *
 * Why not a library: secretlint (@secretlint/core with the recommended preset) was evaluated.
 * Its rules expect files with context: it reports an AWS access key id only next to a secret
 * key, and has no rule for JWTs, Discord webhooks, Stripe or Google API keys; it reports
 * `postgres://user:pass@host` only for some passwords. Its API is asynchronous (lintSource
 * returns a Promise) while LF041 rules are synchronous, its current major needs Node 22 (we
 * support 20), and loading it costs about 70 ms on every create. The patterns below are the
 * public, documented formats of each provider; each has a test (test/secret-detector.test.ts).
 */

/** One kind of credential: what to call it in a message, and how to find it in a value. */
interface SecretFormat {
  kind: string;
  pattern: RegExp;
}

/**
 * Token formats with a fixed, documented prefix or shape. Matched anywhere in the value, so a
 * token inside a longer string (`Bearer ghp_...`, a URL) is found too.
 */
const formats: readonly SecretFormat[] = [
  // AWS: access key ids of long-term (AKIA) and temporary (ASIA) credentials, and others' prefixes.
  { kind: "an AWS access key id", pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/ },
  { kind: "a private key", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  // GitHub: personal (ghp_), OAuth (gho_), user-to-server (ghu_), server (ghs_), refresh (ghr_), fine-grained PATs.
  { kind: "a GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{22,}/ },
  { kind: "a GitLab token", pattern: /\bglpat-[A-Za-z0-9_-]{20,}/ },
  { kind: "an npm token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  // Stripe: secret and restricted keys, live or test, and webhook signing secrets (pk_ keys are public).
  { kind: "a Stripe secret key", pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|\bwhsec_[A-Za-z0-9]{20,}/ },
  { kind: "a Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: "a Slack webhook URL", pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]+/ },
  { kind: "a Discord webhook URL", pattern: /https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]+/ },
  { kind: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}/ },
  { kind: "a Google OAuth client secret", pattern: /\bGOCSPX-[A-Za-z0-9_-]{20,}/ },
  { kind: "an Anthropic API key", pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/ },
  { kind: "an OpenAI API key", pattern: /\bsk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}/ },
  { kind: "a SendGrid API key", pattern: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/ },
  { kind: "a Telegram bot token", pattern: /\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b/ },
  // A JWT: base64url header and payload, both JSON objects (so both start `eyJ`), and a signature.
  { kind: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { kind: "a bearer token", pattern: /\bBearer [A-Za-z0-9._~+/-]{20,}=*/ },
];

/**
 * `scheme://user:password@host`: the password is what leaks, whatever the scheme. The scheme's
 * length is bounded so a long value without `://` is scanned in linear time.
 */
const urlWithPassword = /\b([a-z][a-z0-9+.-]{0,31}):\/\/[^\s:@/?#]*:[^\s@/?#]+@/i;

/** How a message names a URL by its scheme, article included. */
const urlKinds: Record<string, string> = {
  postgres: "a PostgreSQL URL", postgresql: "a PostgreSQL URL", mysql: "a MySQL URL", mariadb: "a MariaDB URL",
  mongodb: "a MongoDB URL", "mongodb+srv": "a MongoDB URL", redis: "a Redis URL", rediss: "a Redis URL",
  amqp: "an AMQP URL", amqps: "an AMQP URL", http: "an HTTP URL", https: "an HTTPS URL",
};

/**
 * Long random strings: API keys and secrets without a known prefix (an AWS secret access key,
 * a base64 signing key). A value counts when it is one unbroken run of base64/base64url
 * characters, at least 24 long, mixing upper case, lower case and digits, with at least 4 bits
 * of entropy per character, and switching between upper case, lower case, digits and symbols at
 * least every other character. That last test tells random text from CamelCase names
 * (`MyOrdersServiceV2Production` has high entropy too, but long runs of one case); random
 * base64 switches about two times in three. Measured on random keys of 24 to 64 characters, it
 * misses about 2-6%, and none of the names and paths in the tests.
 *
 * Deliberately not flagged: hexadecimal strings (UUIDs, commit SHAs, hashes, which are ids far
 * more often than secrets in configuration: a hex API key is still caught by its variable's
 * name), words and slugs (`my-service-prod`), and anything with spaces, dots or colons (ARNs,
 * host names, sentences).
 */
export function looksRandom(value: string): boolean {
  if (value.length < 24 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return false;
  if (!/[A-Z]/.test(value) || !/[a-z]/.test(value) || !/[0-9]/.test(value)) return false;
  return shannonEntropy(value) >= 4 && classSwitches(value) >= 0.5;
}

/** How often neighbouring characters differ in class (upper, lower, digit, other), from 0 to 1. */
function classSwitches(value: string): number {
  const kind = (c: string) => (c >= "A" && c <= "Z" ? 0 : c >= "a" && c <= "z" ? 1 : c >= "0" && c <= "9" ? 2 : 3);
  let switches = 0;
  for (let i = 1; i < value.length; i++) if (kind(value[i]!) !== kind(value[i - 1]!)) switches++;
  return switches / (value.length - 1);
}

/** Bits per character of the value's own character distribution. */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** The kind of credential a value holds ("a GitHub token"), or undefined when it looks like plain configuration. */
export function secretKind(value: string): string | undefined {
  for (const { kind, pattern } of formats) if (pattern.test(value)) return kind;
  const scheme = urlWithPassword.exec(value)?.[1]?.toLowerCase();
  if (scheme) return `${urlKinds[scheme] ?? `a ${scheme}: URL`} with a password in it`;
  if (looksRandom(value)) return "a long random string (an API key or secret)";
  return undefined;
}

/** Variable names that say "credential" (`DB_PASSWORD`, `API_KEY`, `GITHUB_TOKEN`, `SECRET_ARN`). */
const secretName = /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;

/** The credential word in a variable's name ("PASSWORD" for DB_PASSWORD), or undefined. */
export function secretNameWord(key: string): string | undefined {
  return secretName.exec(key)?.[1]?.toUpperCase();
}
