import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engines, nodeSatisfies } from "../src/catalog/engines.js";
import { runCli } from "../src/cli/main.js";
import { ExitCode } from "../src/errors.js";
import type { VerifyReport } from "../src/verify/types.js";
import { recordingIo } from "./support/io.js";
import { lambdaformOn, useNode } from "./support/node-binary.js";
import { edit, generateProject, removeTempDirs } from "./support/project.js";
import { setupTerraform } from "./support/terraform.js";

/**
 * `lambdaform migrate --engine cdktn` on projects someone has worked on: their edits survive
 * (three-way, as `add`), an edit on a line the migration changes stops it with nothing written,
 * and the Terraform before and after differs only where the engines document it.
 */
const terraform = setupTerraform();
const node22 = useNode(22);
afterAll(removeTempDirs);

const args = ["--trigger", "function-url", "--url-auth", "NONE", "--trigger", "sqs", "--resource", "table"];

/** Every file of the project (node_modules aside) with its bytes, to prove nothing was written. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const full = path.join(at, name);
      if (name === "node_modules") continue;
      if (statSync(full).isDirectory()) walk(full);
      else files[path.relative(dir, full)] = readFileSync(full, "base64");
    }
  };
  walk(dir);
  return files;
}

describe("migrate --engine cdktn", () => {
  it("keeps hand edits, moves imports, dependencies and the manifest, prints the Terraform diff, and the result verifies on Node 22", async () => {
    const dir = await generateProject("svc", args);
    // A team's edits: a derived file (the stack, package.json) and one of theirs (a handler).
    edit(path.join(dir, "infra/stack.ts"), 'import { Table } from "./resources/table";', '// Tables first, by team convention.\nimport { Table } from "./resources/table";');
    edit(path.join(dir, "package.json"), '"test": "vitest run",', '"test": "vitest run",\n    "test:watch": "vitest",');
    edit(path.join(dir, "src/handlers/url.ts"), /^/, "// Reviewed by the payments team.\n");
    const handler = readFileSync(path.join(dir, "src/handlers/url.ts"), "utf8");

    const migrated = await lambdaformOn(node22(), ["migrate", "--engine", "cdktn", dir, "--no-install"], dir);
    expect(migrated.exitCode, migrated.stderr).toBe(0);
    expect(migrated.stderr).toContain("~ infra/stack.ts (merged with your edits)");
    expect(migrated.stderr).toContain("~ package.json (merged with your edits)");
    expect(migrated.stderr).toMatch(/Synthesized Terraform, cdktf → cdktn: 4 differences, all of them the engines' documented ones:/);
    expect(migrated.stderr).toContain('~ svc: terraform.required_providers.aws.version: "6.25.0" → "6.66.0"');
    expect(migrated.stderr).toMatch(/\+ svc: resource\.aws_lambda_permission\.url-function-url_public-invoke_\w+\.invoked_via_function_url: true/);

    const stack = readFileSync(path.join(dir, "infra/stack.ts"), "utf8");
    expect(stack).toContain("// Tables first, by team convention.");
    expect(stack).toContain('import { LocalBackend, TerraformStack } from "cdktn";');
    expect(readFileSync(path.join(dir, "src/handlers/url.ts"), "utf8")).toBe(handler);
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(pkg.scripts["test:watch"]).toBe("vitest");
    expect(pkg.engines.node).toBe(">=22.11");
    expect(Object.keys(pkg.dependencies).filter((d) => /cdkt/.test(d)).sort()).toEqual(["@cdktn/provider-aws", "cdktn"]);
    for (const file of readdirSync(path.join(dir, "infra/constructs"))) {
      expect(readFileSync(path.join(dir, "infra/constructs", file), "utf8"), file).not.toMatch(/from "(cdktf|@cdktf\/[^"]+)"/);
    }
    expect(JSON.parse(readFileSync(path.join(dir, "lambdaform.json"), "utf8")).spec.engine).toBe("cdktn");

    // Run again: nothing left to change.
    const again = await lambdaformOn(node22(), ["migrate", "--engine", "cdktn", dir, "--no-install"], dir);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain("uses cdktn already; nothing to change");

    const verified = await lambdaformOn(node22(), ["verify", dir, "--no-install", "--json"], dir);
    const report = JSON.parse(verified.stdout) as VerifyReport;
    const summary = report.steps.map((s) => `${s.id} ${s.status}: ${s.detail}\n${s.output ?? ""}`).join("\n");
    expect(verified.exitCode, summary).toBe(0);
    expect(report.steps.find((s) => s.id === "terraform")!.status).toBe(terraform.available ? "passed" : "skipped");
  }, 300_000);

  it("stops, writing nothing, when an edit is on a line the migration changes", async () => {
    const dir = await generateProject("svc", args);
    edit(path.join(dir, "infra/stack.ts"), 'import { LocalBackend, TerraformStack } from "cdktf";', 'import { LocalBackend, TerraformStack, Fn } from "cdktf";');
    const before = snapshot(dir);
    const result = await lambdaformOn(node22(), ["migrate", "--engine", "cdktn", dir, "--no-install"], dir);
    expect(result.exitCode).toBe(ExitCode.conflict);
    expect(result.stderr).toMatch(/^lambdaform: migrate from cdktf to cdktn: infra\/stack\.ts lines? [\d-]+ your edits and the change touch the same lines; nothing was written$/m);
    expect(snapshot(dir)).toEqual(before);
  }, 120_000);
});

describe("migrate's arguments, on the Node running the tests", () => {
  async function migrate(argv: string[], cwd: string) {
    const io = recordingIo();
    return { code: await runCli("migrate", argv, { io, cwd }), io };
  }

  it("needs --engine, and a known one", async () => {
    const dir = await generateProject("svc", args);
    expect((await migrate([dir], dir)).code).toBe(ExitCode.usage);
    const bad = await migrate(["--engine", "terraform", dir], dir);
    expect(bad.code).toBe(ExitCode.invalidValue);
    expect(bad.io.stderr).toEqual(['lambdaform: --engine must be one of cdktf, cdktn, got "terraform"']);
    expect((await migrate(["--engine", "cdktn", path.join(dir, "nowhere")], dir)).code).toBe(ExitCode.notAProject);
  });

  it("--dry-run prints each file's diff and writes nothing", async () => {
    const dir = await generateProject("svc", args);
    const before = snapshot(dir);
    const { code, io } = await migrate(["--engine", "cdktn", "--dry-run", dir], dir);
    expect(code).toBe(0);
    const diff = io.stdout.join("\n");
    expect(diff).toContain('\n-import { LocalBackend, TerraformStack } from "cdktf";\n');
    expect(diff).toContain('\n+import { LocalBackend, TerraformStack } from "cdktn";\n');
    expect(io.stderr[0]).toMatch(/^Would migrate from cdktf to cdktn in .*: 0 files created, \d+ changed, 0 deleted \(dry run: nothing written\)$/);
    expect(snapshot(dir)).toEqual(before);
  });

  it.runIf(!nodeSatisfies(engines.cdktn, process.version))("refuses on a Node older than cdktn needs (exit 21), before writing", async () => {
    const dir = await generateProject("svc", args);
    const before = snapshot(dir);
    const { code, io } = await migrate(["--engine", "cdktn", dir, "--no-install"], dir);
    expect(code).toBe(ExitCode.nodeTooOld);
    expect(io.stderr).toEqual([expect.stringMatching(/^lambdaform: --engine cdktn uses CDK Terrain \(cdktn\), which needs Node 22\.11 or newer; .*--dry-run shows the change on any Node$/)]);
    expect(snapshot(dir)).toEqual(before);
  });
});
