import { invalidValue } from "../../errors.js";
import type { OptionValue } from "../option.js";
import type { TriggerDef } from "../trigger.js";

/** S3 object keys are at most 1,024 bytes of UTF-8 (S3 User Guide, "Naming Amazon S3 objects"). */
export const maxKeyBytes = 1024;

/**
 * A prefix or suffix of the notification's filter: S3's "safe characters" only (no spaces,
 * no control characters, which S3 would have to escape in event keys and sample events could
 * not show as typed), and short enough to leave room for a key.
 */
function keyPart(value: OptionValue): string | undefined {
  const text = String(value);
  const control = /[\u0000-\u001f\u007f-\u009f]/.exec(text)?.[0];
  if (control) return `has a control character (U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")})`;
  const other = /[^A-Za-z0-9!_.*'()\-/]/u.exec(text)?.[0];
  if (other) return `may use letters, digits and !_.*'()-/ only, not "${other}"`;
  const bytes = Buffer.byteLength(text);
  if (bytes > maxKeyBytes) return `is ${bytes} bytes: S3 keys are at most ${maxKeyBytes} bytes, so no key would match`;
  return undefined;
}

/**
 * A key as S3 writes it into event notifications: form-encoded per path segment, so spaces
 * become `+` and `(` becomes `%28`, while `/` stays as it is.
 */
function s3EventKey(key: string): string {
  return key
    .split("/")
    .map((segment) =>
      encodeURIComponent(segment)
        .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replaceAll("%20", "+"),
    )
    .join("/");
}

/** Sample object keys that pass the notification's filter, decoded and as the event carries them. */
function sampleKeys(options: Record<string, OptionValue>) {
  const ending = String(options.suffix) || ".csv";
  const sample = (name: string) => {
    const key = `${String(options.prefix)}${name}${ending}`;
    return { key, eventKey: s3EventKey(key) };
  };
  return {
    report: sample("monthly report(2024)"),
    invoice: sample("invoice #1042"),
    summary: sample("q1-summary"),
    removed: sample("old notes"),
  };
}

export const s3: TriggerDef = {
  id: "s3",
  attachRefusal: "one notification configuration per bucket wires one function here; a second bucket needs its own function",
  title: "S3 object created",
  functionName: "objects",
  constructs: ["bucket"],
  invocation: "async",
  options: [
    { key: "prefix", flag: "s3-prefix", describe: "Only keys starting with", type: "string", default: "uploads/", check: keyPart },
    { key: "suffix", flag: "s3-suffix", describe: "Only keys ending with", type: "string", default: "", check: keyPart },
  ],
  finalize(options) {
    // A matching key holds both the prefix and the suffix.
    const bytes = Buffer.byteLength(String(options.prefix)) + Buffer.byteLength(String(options.suffix));
    if (bytes > maxKeyBytes) {
      throw invalidValue(`--s3-prefix and --s3-suffix take ${bytes} bytes together: S3 keys are at most ${maxKeyBytes} bytes, so no key would match`);
    }
    return options;
  },
  templateData: (options) => ({ keys: sampleKeys(options) }),
};
