import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { Manifest } from "../src/manifest/manifest.js";
import { runRules, type Rule, type RuleResult } from "../src/verify/rules/index.js";

const stacksDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures/stacks");

/** Stacks synthesized from real generated projects (see fixtures/stacks/refresh.mjs). */
export const fixtureNames = ["http-api-node", "all-node", "all-python", "url-public-node", "opt-in-node"] as const;
export type FixtureName = (typeof fixtureNames)[number];

export interface Fixture {
  stack: any;
  manifest: Manifest;
}

const cache = new Map<string, string>();
const read = (file: string) => {
  if (!cache.has(file)) cache.set(file, readFileSync(path.join(stacksDir, file), "utf8"));
  return cache.get(file)!;
};

/** A fresh deep copy of a synthesized stack and its manifest, to mutate freely. */
export function fixture(name: FixtureName): Fixture {
  const manifest = JSON.parse(read(`${name}/lambdaform.json`));
  return { stack: JSON.parse(read(`${name}/cdk.tf.json`)), manifest: { files: {}, ...manifest } };
}

export function run(fx: Fixture, extraRules?: Rule[]): RuleResult[] {
  return runRules({ stack: fx.stack, manifest: fx.manifest, projectDir: "/project", extraRules });
}

export const failed = (results: RuleResult[]) => results.filter((r) => r.status === "failed");

/**
 * The address of the only resource of a type whose name starts with `part` (else contains it);
 * cdktf names are the construct path plus a hash, e.g. `api_grant-logs_08C4A61C`.
 */
export function address(fx: Fixture, type: string, part = ""): string {
  const all = Object.keys(fx.stack.resource?.[type] ?? {});
  const starting = all.filter((n) => n.startsWith(part));
  const names = starting.length > 0 ? starting : all.filter((n) => n.includes(part));
  if (names.length !== 1) throw new Error(`expected one ${type} matching "${part}", found ${names.join(", ") || "none"}`);
  return `${type}.${names[0]}`;
}

/** The body of that resource in the fixture (mutating it mutates the stack). */
export function body(fx: Fixture, type: string, part = ""): Record<string, any> {
  const name = address(fx, type, part).slice(type.length + 1);
  return fx.stack.resource[type][name];
}

export function remove(fx: Fixture, addr: string): void {
  const [type, name] = [addr.slice(0, addr.indexOf(".")), addr.slice(addr.indexOf(".") + 1)];
  if (!fx.stack.resource[type]?.[name]) throw new Error(`no ${addr}`);
  delete fx.stack.resource[type][name];
}

/** Adds a resource and returns its address. */
export function add(fx: Fixture, type: string, name: string, value: Record<string, unknown>): string {
  fx.stack.resource[type] ??= {};
  fx.stack.resource[type][name] = value;
  return `${type}.${name}`;
}

export function expectAllPass(fx: Fixture): void {
  expect(failed(run(fx)).map((r) => `${r.rule} ${r.resource}: ${r.message}`)).toEqual([]);
}

/**
 * The stack breaks `rule` on `resource` and nothing else (unless `alsoFails` lists the other
 * rules the same change breaks).
 */
export function expectFailure(fx: Fixture, rule: string, resource: string, options: { message?: RegExp; alsoFails?: string[] } = {}): RuleResult {
  const results = failed(run(fx));
  expect([...new Set(results.map((r) => r.rule))].sort()).toEqual([rule, ...(options.alsoFails ?? [])].sort());
  const hit = results.find((r) => r.rule === rule && r.resource === resource);
  expect(hit, `${rule} on ${resource}; got ${results.map((r) => `${r.rule} ${r.resource}`).join(", ")}`).toBeDefined();
  if (options.message) expect(hit!.message).toMatch(options.message);
  return hit!;
}
