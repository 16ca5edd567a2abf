import { engineOf, enginePackages } from "../catalog/engines.js";
import { resourceById } from "../catalog/resource.js";
import { runtimeById } from "../catalog/runtimes.js";
import { triggerById } from "../catalog/triggers/index.js";
import { pinned } from "../catalog/versions.js";
import type { ProjectSpec } from "../project/spec.js";

/** Tooling every project needs, whatever its handler language (the stack's packages depend on its engine). */
const toolPackages = ["@types/node", "esbuild", "typescript", "vitest"];
/** What every TypeScript handler uses: structured logs, traces and metrics (Powertools); types, SDK mocks and Biome for development. */
const nodeHandlerPackages = ["@aws-lambda-powertools/logger", "@aws-lambda-powertools/metrics", "@aws-lambda-powertools/tracer"];
const nodeHandlerDevPackages = ["@biomejs/biome", "@types/aws-lambda", "aws-sdk-client-mock"];

/** The generated package.json's dependencies, each at its pinned version, sorted by name. */
export function projectPackages(spec: ProjectSpec) {
  const node = runtimeById(spec.runtime).language === "node";
  const deps = new Set<string>(enginePackages(engineOf(spec)));
  const devDeps = new Set<string>(toolPackages);
  if (node) {
    nodeHandlerPackages.forEach((p) => deps.add(p));
    nodeHandlerDevPackages.forEach((p) => devDeps.add(p));
    for (const fn of spec.functions) triggerById(fn.trigger).nodePackages?.forEach((p) => deps.add(p));
    for (const { type } of spec.resources) resourceById(type).nodePackages?.forEach((p) => deps.add(p));
  } else {
    // Type-checks the Python handlers and tests (verify's typecheck step, `npm run typecheck`).
    devDeps.add("pyright");
  }
  const entries = (names: Set<string>) => [...names].sort().map((name) => ({ name, version: pinned(name) }));
  return { dependencies: entries(deps), devDependencies: entries(devDeps) };
}
