import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface Diagnostic {
  severity: string;
  summary: string;
  detail?: string;
  address?: string;
  /** Where in the configuration (JSON diagnostics have no address; the snippet names the block). */
  range?: { filename: string; start: { line: number } };
  snippet?: { context?: string | null; code?: string };
}

/** A runtime the provider does not know yet, and the newest same-language one it does. */
export interface RuntimeSubstitution {
  from: string;
  to: string;
}

const unknownRuntime = /^expected (runtime|compatible_runtimes(?:\.\d+)?) to be one of \[(.*)\], got (\S+)$/s;
const runtimeName = /^([a-z]+)(\d+(?:\.\d+)*)(\.x)?$/;

/**
 * When every validate error is "expected runtime to be one of [...], got X" (a provider older
 * than the runtime), the substitutions that would let validation go on; else undefined.
 */
export function runtimeSubstitutions(errors: readonly Diagnostic[]): RuntimeSubstitution[] | undefined {
  if (errors.length === 0) return undefined;
  const found = new Map<string, string>();
  for (const error of errors) {
    const match = error.summary.match(unknownRuntime);
    if (!match) return undefined;
    const [, , listed, got] = match;
    const allowed = [...listed!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
    const newest = newestSameLanguage(got!, allowed);
    if (!newest) return undefined;
    found.set(got!, newest);
  }
  return [...found].map(([from, to]) => ({ from, to }));
}

function newestSameLanguage(runtime: string, allowed: readonly string[]): string | undefined {
  const family = runtime.match(runtimeName)?.[1];
  if (!family) return undefined;
  const version = (id: string) => id.match(runtimeName)![2]!.split(".").map(Number);
  const candidates = allowed.filter((id) => id.match(runtimeName)?.[1] === family);
  return candidates.sort((a, b) => compare(version(b), version(a)))[0];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Rewrites runtimes in the scratch copy's cdk.tf.json (functions and layers). */
export function applySubstitutions(scratch: string, subs: readonly RuntimeSubstitution[]): void {
  const file = path.join(scratch, "cdk.tf.json");
  const stack = JSON.parse(readFileSync(file, "utf8"));
  const swap = (id: unknown) => subs.find((s) => s.from === id)?.to ?? id;
  for (const fn of Object.values<any>(stack.resource?.aws_lambda_function ?? {})) fn.runtime = swap(fn.runtime);
  for (const layer of Object.values<any>(stack.resource?.aws_lambda_layer_version ?? {})) {
    if (Array.isArray(layer.compatible_runtimes)) layer.compatible_runtimes = [...new Set(layer.compatible_runtimes.map(swap))];
  }
  writeFileSync(file, JSON.stringify(stack, null, 2));
}
