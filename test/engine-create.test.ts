import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engines, nodeSatisfies, requireNodeFor } from "../src/catalog/engines.js";
import { nodePackageVersions } from "../src/catalog/versions.js";
import { runCli } from "../src/cli/main.js";
import { ExitCode, LambdaformError } from "../src/errors.js";
import { diffSyntheses, formatDifferences, unexplained } from "../src/project/synth-diff.js";
import { runtimeSubstitutions } from "../src/verify/terraform/runtime-fallback.js";
import { recordingIo } from "./support/io.js";
import { removeTempDirs, tempDir } from "./support/project.js";
import { json, renderFor } from "./support/render.js";

afterAll(removeTempDirs);

const everyTrigger = ["http-api", "rest-api", "function-url", "s3", "sqs", "sns", "schedule", "eventbridge", "dynamodb-stream"].flatMap((t) => ["--trigger", t]);
const everyResource = ["table", "bucket", "queue", "topic", "secret", "layer"].flatMap((r) => ["--resource", r]);

/** Every module specifier the generated TypeScript imports, with the file it is in. */
function imports(tree: Awaited<ReturnType<typeof renderFor>>): { file: string; from: string }[] {
  return tree
    .entries()
    .filter(([file]) => file.endsWith(".ts"))
    .flatMap(([file, content]) => [...String(content).matchAll(/^import [^;]*? from "([^"]+)";$/gm)].map((m) => ({ file, from: m[1]! })));
}

describe("create --engine", () => {
  it.each(["nodejs24.x", "python3.13"])("cdktn (%s): the stack imports only CDK Terrain's packages, which package.json pins with Node 22.11+", async (runtime) => {
    const tree = await renderFor(["svc", "--runtime", runtime, "--engine", "cdktn", ...everyTrigger, ...everyResource]);
    const specifiers = imports(tree).map((i) => i.from);
    expect(specifiers).toContain("cdktn");
    expect(specifiers).toContain("@cdktn/provider-aws/lib/lambda-function");
    expect(imports(tree).filter((i) => /^(cdktf|@cdktf\/)/.test(i.from))).toEqual([]);
    const pkg = json(tree, "package.json");
    expect(pkg.engines.node).toBe(">=22.11");
    expect(pkg.dependencies).toMatchObject({ cdktn: nodePackageVersions.cdktn, "@cdktn/provider-aws": nodePackageVersions["@cdktn/provider-aws"], constructs: nodePackageVersions.constructs });
    expect(Object.keys(pkg.dependencies).filter((d) => d.includes("cdktf"))).toEqual([]);
    expect(pkg.description).toContain("CDK Terrain");
    expect(json(tree, "lambdaform.json").spec.engine).toBe("cdktn");
    expect(tree.read("README.md")).toContain("[CDK Terrain](https://github.com/open-constructs/cdk-terrain)");
  });

  it("cdktf stays the default, with the archived packages and Node 20.11+", async () => {
    const tree = await renderFor(["svc", ...everyTrigger, ...everyResource]);
    expect(imports(tree).filter((i) => /^(cdktn|@cdktn\/)/.test(i.from))).toEqual([]);
    expect(imports(tree).map((i) => i.from)).toContain("@cdktf/provider-aws/lib/lambda-function");
    const pkg = json(tree, "package.json");
    expect(pkg.engines.node).toBe(">=20.11");
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(["cdktf", "@cdktf/provider-aws", "constructs"]));
    expect(Object.keys(pkg.dependencies).filter((d) => d.includes("cdktn"))).toEqual([]);
    expect(json(tree, "lambdaform.json").spec.engine).toBe("cdktf");
  });

  it("a public function URL is limited to URL calls under cdktn, and its README drops the direct-invocation warning", async () => {
    const args = ["svc", "--trigger", "function-url", "--url-auth", "NONE"];
    const cdktn = await renderFor([...args, "--engine", "cdktn"]);
    const cdktf = await renderFor(args);
    expect(cdktn.read("infra/triggers/function-url.ts")).toContain("invokedViaFunctionUrl: true,");
    expect(cdktf.read("infra/triggers/function-url.ts")).not.toContain("invokedViaFunctionUrl");
    expect(cdktn.read("README.md")).toContain("nobody can invoke the function directly");
    expect(cdktn.read("README.md")).not.toContain("any AWS account can also invoke the function");
    expect(cdktf.read("README.md")).toContain("any AWS account can also invoke the function");
    expect(cdktn.read("infra/stack.test.ts")).toContain("invoked_via_function_url: true");
  });

  it("an unknown engine is one line, exit 3, nothing written", async () => {
    const cwd = tempDir();
    const io = recordingIo();
    const code = await runCli("create", ["svc", "--yes", "--no-install", "--engine", "cdk"], { io, cwd });
    expect(code).toBe(ExitCode.invalidValue);
    expect(io.stderr).toEqual(['lambdaform: --engine must be one of cdktf, cdktn, got "cdk"']);
  });

  it("--help lists the flag with its choices and default", async () => {
    const io = recordingIo();
    await runCli("create", ["--help"], { io, cwd: tempDir() });
    expect(io.stdout.join("\n")).toMatch(/--engine <cdktf\|cdktn> +CDK engine: .*\(default: cdktf\)/);
  });
});

describe("a template pack sets the engine", () => {
  function pack(config: object): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), "lf-engine-pack-"));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "pack.json"), JSON.stringify({ name: "acme", ...config }));
    return dir;
  }
  async function create(args: string[]) {
    const cwd = tempDir();
    const io = recordingIo();
    const code = await runCli("create", ["svc", "--yes", "--no-install", ...args], { io, cwd });
    const manifest = code === 0 ? JSON.parse(readFileSync(path.join(cwd, "svc", "lambdaform.json"), "utf8")) : undefined;
    return { code, io, manifest };
  }

  it("as a default, which --engine may change", async () => {
    const acme = pack({ defaults: { engine: "cdktn" } });
    expect((await create(["--template-pack", acme])).manifest.spec.engine).toBe("cdktn");
    expect((await create(["--template-pack", acme, "--engine", "cdktf"])).manifest.spec.engine).toBe("cdktf");
  });

  it("as a lock, which --engine may not change", async () => {
    const { code, io } = await create(["--template-pack", pack({ locked: { engine: "cdktn" } }), "--engine", "cdktf"]);
    expect(code).toBe(ExitCode.invalidValue);
    expect(io.stderr).toEqual([expect.stringMatching(/--engine .*acme/)]);
  });

  it("a value that is not an engine is a broken pack", async () => {
    const { code, io } = await create(["--template-pack", pack({ defaults: { engine: "pulumi" } })]);
    expect(code).toBe(ExitCode.templatePack);
    expect(io.stderr.join("\n")).toContain("defaults.engine must be one of cdktf, cdktn");
  });
});

describe("Node versions", () => {
  it("cdktn needs 22.11 or newer; cdktf runs on 20.11", () => {
    expect(nodeSatisfies(engines.cdktn, "v20.20.2")).toBe(false);
    expect(nodeSatisfies(engines.cdktn, "v22.10.0")).toBe(false);
    expect(nodeSatisfies(engines.cdktn, "v22.11.0")).toBe(true);
    expect(nodeSatisfies(engines.cdktn, "v24.1.0")).toBe(true);
    expect(nodeSatisfies(engines.cdktf, "v20.11.0")).toBe(true);
  });

  it("an old Node is exit 21 with one line saying what to run instead", () => {
    let error: unknown;
    try {
      requireNodeFor(engines.cdktn, "the project", "v20.20.2");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LambdaformError);
    expect((error as LambdaformError).exitCode).toBe(ExitCode.nodeTooOld);
    expect((error as LambdaformError).message).toBe(
      "the project uses CDK Terrain (cdktn), which needs Node 22.11 or newer; this is Node 20.20.2: run lambdaform with Node 22 or 24",
    );
  });

  it.runIf(!nodeSatisfies(engines.cdktn, process.version))("on this Node, create --engine cdktn refuses before writing, verify and synth before running", async () => {
    const cwd = tempDir();
    const io = recordingIo();
    expect(await runCli("create", ["svc", "--yes", "--engine", "cdktn"], { io, cwd })).toBe(ExitCode.nodeTooOld);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toContain("or create it with --no-verify");
    expect(() => readFileSync(path.join(cwd, "svc", "lambdaform.json"))).toThrow();
    // Without the checks it is created, and the checks refuse on this Node.
    expect(await runCli("create", ["svc", "--yes", "--no-install", "--engine", "cdktn"], { io: recordingIo(), cwd })).toBe(0);
    for (const command of ["verify", "synth"]) {
      const out = recordingIo();
      expect(await runCli(command, [path.join(cwd, "svc")], { io: out, cwd })).toBe(ExitCode.nodeTooOld);
      expect(out.stderr).toEqual([expect.stringMatching(/svc uses CDK Terrain \(cdktn\), which needs Node 22\.11 or newer/)]);
    }
  });
});

describe("terraform validate under an older provider than the engine pins", () => {
  it("leaves invoked_via_function_url out of the scratch copy, and says so", () => {
    const extraneous = { severity: "error", summary: "Extraneous JSON object property", detail: 'No argument or block type is named "invoked_via_function_url".' };
    expect(runtimeSubstitutions([extraneous])).toEqual([{ from: "invoked_via_function_url (6.29.0)", to: "it left out", argument: true }]);
    const other = { ...extraneous, detail: 'No argument or block type is named "made_up".' };
    expect(runtimeSubstitutions([extraneous, other])).toBeUndefined();
  });
});

describe("the diff of two syntheses", () => {
  it("names each changed, added and removed value, and why engines differ there", () => {
    const before = { "//": { metadata: { version: "0.21.0" } }, terraform: { required_providers: { aws: { source: "aws", version: "6.25.0" } } }, resource: { aws_sqs_queue: { q: { name: "a" } } } };
    const after = {
      "//": { metadata: { version: "0.24.0" } },
      terraform: { required_providers: { aws: { source: "hashicorp/aws", version: "6.66.0" } } },
      resource: { aws_sqs_queue: { q: { name: "b" } }, aws_lambda_permission: { p: {} } },
    };
    const differences = diffSyntheses(before, after);
    expect(formatDifferences(differences)).toEqual([
      '~ //.metadata.version: "0.21.0" → "0.24.0"  (the engine\'s own version, in the stack\'s metadata)',
      "+ resource.aws_lambda_permission: {\"p\":{}}  (not an engine difference)",
      '~ resource.aws_sqs_queue.q.name: "a" → "b"  (not an engine difference)',
      '~ terraform.required_providers.aws.source: "aws" → "hashicorp/aws"  (the AWS provider the engine\'s bindings pin)',
      '~ terraform.required_providers.aws.version: "6.25.0" → "6.66.0"  (the AWS provider the engine\'s bindings pin)',
    ]);
    expect(unexplained(differences).map((d) => d.path)).toEqual(["resource.aws_lambda_permission", "resource.aws_sqs_queue.q.name"]);
  });
});
