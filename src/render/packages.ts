import { resourceById } from "../catalog/resource.js";
import { runtimeById } from "../catalog/runtimes.js";
import { triggerById } from "../catalog/triggers/index.js";
import { pinned } from "../catalog/versions.js";
import type { ProjectSpec } from "../project/spec.js";

/** Infrastructure and tooling every project needs, whatever its handler language. */
const infraPackages = ["cdktf", "@cdktf/provider-aws", "constructs"];
const toolPackages = ["@types/node", "esbuild", "typescript", "vitest"];
/** What every TypeScript handler uses: types, structured logs, SDK mocks for tests. */
const nodeHandlerPackages = ["@aws-lambda-powertools/logger"];
const nodeHandlerDevPackages = ["@types/aws-lambda", "aws-sdk-client-mock"];

/** The generated package.json's dependencies, each at its pinned version, sorted by name. */
export function projectPackages(spec: ProjectSpec) {
  const node = runtimeById(spec.runtime).language === "node";
  const deps = new Set<string>(infraPackages);
  const devDeps = new Set<string>(toolPackages);
  if (node) {
    nodeHandlerPackages.forEach((p) => deps.add(p));
    nodeHandlerDevPackages.forEach((p) => devDeps.add(p));
    for (const fn of spec.functions) triggerById(fn.trigger).nodePackages?.forEach((p) => deps.add(p));
    for (const { type } of spec.resources) resourceById(type).nodePackages?.forEach((p) => deps.add(p));
  }
  const entries = (names: Set<string>) => [...names].sort().map((name) => ({ name, version: pinned(name) }));
  return { dependencies: entries(deps), devDependencies: entries(devDeps) };
}
