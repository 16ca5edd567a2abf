import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { generatorVersion } from "../src/paths.js";
import { renderFor } from "./support/render.js";

/** The generated GitHub Actions workflow: valid YAML, the project's own checks, then lambdaform's. */
function parseYaml(text: string): any {
  // PyYAML, which the machines' python3 has: a real YAML parser, not a regex.
  return JSON.parse(execFileSync("python3", ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"], { input: text, encoding: "utf8" }));
}

describe("the generated CI workflow", () => {
  it.each([
    ["nodejs24.x", ["npm ci", "npm run typecheck", "npm run lint", "npm test"]],
    ["python3.13", ["python -m pip install -r requirements-dev.txt", "npm ci", "npm run typecheck", "npm test"]],
  ])("%s: runs the project's own checks, then lambdaform verify --require-terraform when lambdaform installs", async (runtime, ownChecks) => {
    const tree = await renderFor(["svc", "--runtime", runtime]);
    const workflow = parseYaml(tree.read(".github/workflows/ci.yml")!);
    const steps: { run?: string; uses?: string; name?: string }[] = workflow.jobs.test.steps;
    expect(steps.filter((s) => s.run && !s.name).map((s) => s.run)).toEqual(ownChecks);
    const verify = steps.find((s) => s.name === "lambdaform verify")!;
    expect(verify.run).toContain(`npm install --global --no-audit --no-fund create-lambdaform@${generatorVersion}`);
    expect(verify.run).toContain("npm run verify -- --no-install --require-terraform");
    // Not published yet: the install failing must not fail the build the project's checks passed.
    expect(verify.run).toMatch(/else\n\s+echo "::warning::/);
    expect(steps.findIndex((s) => s.uses?.startsWith("hashicorp/setup-terraform"))).toBeLessThan(steps.indexOf(verify));
  });
});
