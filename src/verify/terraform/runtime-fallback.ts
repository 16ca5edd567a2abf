import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runtimes } from "../../catalog/runtimes.js";

export interface Diagnostic {
  severity: string;
  summary: string;
  detail?: string;
  address?: string;
  /** Where in the configuration (JSON diagnostics have no address; the snippet names the block). */
  range?: { filename: string; start: { line: number } };
  snippet?: { context?: string | null; code?: string };
}

/**
 * A runtime the provider does not know yet, and the newest same-language one it does; or an
 * argument it does not know yet (`invoked_via_function_url` under an older provider than the
 * engine pins), and `to` says it is left out.
 */
export interface RuntimeSubstitution {
  from: string;
  to: string;
  /** Set for an argument the provider predates: it is removed from the scratch copy. */
  argument?: boolean;
}

/**
 * Arguments newer engines write that an older provider (a mirror's, after the constraint was
 * relaxed) rejects, with the provider version that added them. Leaving one out in a scratch copy
 * validates everything else; the detail says which was left out.
 */
const newerArguments: Record<string, string> = { invoked_via_function_url: "6.29.0" };
const extraneousArgument = /^No argument or block type is named "([a-z_]+)"\.$/;

const unknownRuntime = /^expected (runtime|compatible_runtimes(?:\.\d+)?) to be one of \[(.*)\], got (\S+)$/s;
const runtimeName = /^([a-z]+)(\d+(?:\.\d+)*)(\.x)?$/;

/**
 * When every validate error is "expected runtime to be one of [...], got X" (a provider older
 * than the runtime), the substitutions that would let validation go on; else undefined.
 */
export function runtimeSubstitutions(errors: readonly Diagnostic[]): RuntimeSubstitution[] | undefined {
  if (errors.length === 0) return undefined;
  const found = new Map<string, string>();
  const arguments_ = new Set<string>();
  for (const error of errors) {
    const argument = error.detail?.match(extraneousArgument)?.[1];
    if (argument && newerArguments[argument]) {
      arguments_.add(argument);
      continue;
    }
    const match = error.summary.match(unknownRuntime);
    if (!match) return undefined;
    const [, , listed, got] = match;
    const allowed = [...listed!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
    const newest = newestSameLanguage(got!, allowed);
    if (!newest) return undefined;
    found.set(got!, newest);
  }
  return [
    ...[...found].map(([from, to]) => ({ from, to })),
    ...[...arguments_].map((from) => ({ from: `${from} (${newerArguments[from]})`, to: "it left out", argument: true })),
  ];
}

/**
 * What this aws provider version is known to lack before any run: the catalog's runtimes newer
 * than it (each swapped for the newest same-language catalog runtime it has) and the arguments
 * above. What neither knows is found by a run and remembered (runtime-memory.ts).
 */
export function knownGaps(provider: string): RuntimeSubstitution[] {
  const version = providerVersion(provider);
  if (!version) return [];
  const lacks = (since: string | undefined) => since !== undefined && compare(version, providerVersion(since)!) < 0;
  const gaps: RuntimeSubstitution[] = [];
  for (const runtime of runtimes.filter((r) => lacks(r.awsProviderSince))) {
    // The catalog lists runtimes newest first within a language.
    const to = runtimes.find((r) => r.language === runtime.language && !lacks(r.awsProviderSince));
    if (to) gaps.push({ from: runtime.id, to: to.id });
  }
  for (const [argument, since] of Object.entries(newerArguments)) {
    if (lacks(since)) gaps.push({ from: `${argument} (${since})`, to: "it left out", argument: true });
  }
  return gaps;
}

function providerVersion(version: string): number[] | undefined {
  return /^\d+\.\d+\.\d+$/.test(version) ? version.split(".").map(Number) : undefined;
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

/**
 * Rewrites runtimes in the scratch copy's cdk.tf.json (functions and layers) and leaves out
 * arguments the provider predates; returns the substitutions that changed something.
 */
export function applySubstitutions(scratch: string, subs: readonly RuntimeSubstitution[]): RuntimeSubstitution[] {
  if (subs.length === 0) return [];
  const file = path.join(scratch, "cdk.tf.json");
  const before = readFileSync(file, "utf8");
  const stack = JSON.parse(before);
  const used = new Set<RuntimeSubstitution>();
  const swap = (id: unknown) => {
    const sub = subs.find((s) => s.from === id);
    if (sub) used.add(sub);
    return sub?.to ?? id;
  };
  for (const fn of Object.values<any>(stack.resource?.aws_lambda_function ?? {})) fn.runtime = swap(fn.runtime);
  for (const layer of Object.values<any>(stack.resource?.aws_lambda_layer_version ?? {})) {
    if (Array.isArray(layer.compatible_runtimes)) layer.compatible_runtimes = [...new Set(layer.compatible_runtimes.map(swap))];
  }
  for (const sub of subs.filter((s) => s.argument)) {
    const argument = sub.from.split(" ")[0]!;
    for (const resources of Object.values<Record<string, any>>(stack.resource ?? {})) {
      for (const body of Object.values<any>(resources)) {
        if (!(argument in body)) continue;
        delete body[argument];
        used.add(sub);
      }
    }
  }
  if (used.size > 0) writeFileSync(file, JSON.stringify(stack, null, 2));
  return subs.filter((s) => used.has(s));
}
