import type { OptionValue } from "../option.js";
import type { TriggerDef } from "../trigger.js";

const keyPart = (v: unknown) =>
  /^[A-Za-z0-9!_.*'()\-/]*$/.test(String(v)) ? undefined : "may use letters, digits and !_.*'()-/ only";

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
  title: "S3 object created",
  functionName: "objects",
  constructs: ["bucket"],
  invocation: "async",
  options: [
    { key: "prefix", flag: "s3-prefix", describe: "Only keys starting with", type: "string", default: "uploads/", check: keyPart },
    { key: "suffix", flag: "s3-suffix", describe: "Only keys ending with", type: "string", default: "", check: keyPart },
  ],
  templateData: (options) => ({ keys: sampleKeys(options) }),
};
