import { engineDifferences } from "../catalog/engines.js";

/** One value that differs between two syntheses of a stack (cdk.tf.json). */
export interface SynthDifference {
  /** JSON keys joined with dots: `terraform.required_providers.aws.version`. */
  path: string;
  /** Absent on the side that lacks the key. */
  before?: unknown;
  after?: unknown;
  /** Why engines differ here (src/catalog/engines.ts), or undefined when they should not. */
  reason?: string;
}

/** Every leaf that differs between two cdk.tf.json documents, in key order. */
export function diffSyntheses(before: unknown, after: unknown): SynthDifference[] {
  const found: SynthDifference[] = [];
  const walk = (a: unknown, b: unknown, at: string[]) => {
    if (isObject(a) && isObject(b)) {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        const path = [...at, key];
        if (!(key in b)) found.push(difference(path, { before: a[key] }));
        else if (!(key in a)) found.push(difference(path, { after: b[key] }));
        else walk(a[key], b[key], path);
      }
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      found.push(difference(at, { before: a, after: b }));
    }
  };
  walk(before, after, []);
  return found;
}

/** Differences no engine explains. */
export function unexplained(differences: readonly SynthDifference[]): SynthDifference[] {
  return differences.filter((d) => d.reason === undefined);
}

/** One line each: `~ path: before → after (reason)`, `+ path: after`, `- path: before`. */
export function formatDifferences(differences: readonly SynthDifference[]): string[] {
  return differences.map((d) => {
    const reason = d.reason ? `  (${d.reason})` : "  (not an engine difference)";
    if (!("before" in d)) return `+ ${d.path}: ${JSON.stringify(d.after)}${reason}`;
    if (!("after" in d)) return `- ${d.path}: ${JSON.stringify(d.before)}${reason}`;
    return `~ ${d.path}: ${JSON.stringify(d.before)} → ${JSON.stringify(d.after)}${reason}`;
  });
}

function difference(at: string[], values: { before?: unknown; after?: unknown }): SynthDifference {
  const path = at.join(".");
  return { path, ...values, reason: engineDifferences.find((d) => d.path.test(path))?.reason };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
