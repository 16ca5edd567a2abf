import { LambdaformError } from "../errors.js";

export type EngineId = "cdktf" | "cdktn";

/**
 * The CDK a project's stack is written with. CDK Terrain (cdktn) is the maintained fork of CDK for
 * Terraform (archived 2025-12-10): the same classes, `lib/<resource>` paths, `cdktf.json` and
 * `cdktf.out/` layout and logical ids, under other package names. Templates import the packages
 * named here (`{{engine.core}}`, `{{engine.provider}}/lib/...`), so a project's engine is a
 * question of which names its imports and package.json use, and nothing else.
 */
export interface Engine {
  id: EngineId;
  /** How READMEs and package.json name it, and where its documentation is. */
  name: string;
  docs: string;
  /** The core library: App, TerraformStack, Fn, TerraformAsset... */
  core: string;
  /** The prebuilt AWS provider bindings. */
  provider: string;
  /** The AWS provider version those bindings pin in the synthesized Terraform. */
  awsProvider: string;
  /** The oldest Node the engine's packages run on (package.json `engines`, checked by verify). */
  minNode: string;
  /**
   * The provider can limit a public function URL's `lambda:InvokeFunction` grant to calls made
   * through the URL (`invoked_via_function_url`, AWS provider 6.29+).
   */
  invokedViaFunctionUrl: boolean;
}

export const engines: Record<EngineId, Engine> = {
  cdktf: {
    id: "cdktf",
    name: "CDK for Terraform",
    docs: "https://developer.hashicorp.com/terraform/cdktf",
    core: "cdktf",
    provider: "@cdktf/provider-aws",
    awsProvider: "6.25.0",
    minNode: "20.11",
    invokedViaFunctionUrl: false,
  },
  cdktn: {
    id: "cdktn",
    name: "CDK Terrain",
    docs: "https://github.com/open-constructs/cdk-terrain",
    core: "cdktn",
    provider: "@cdktn/provider-aws",
    awsProvider: "6.66.0",
    minNode: "22.11",
    invokedViaFunctionUrl: true,
  },
};

export const engineIds = Object.keys(engines) as EngineId[];

/** The engine a spec names; projects from before engines existed are cdktf. */
export function engineOf(spec: { engine?: EngineId }): Engine {
  return engines[spec.engine ?? "cdktf"];
}

/** The packages a stack needs with this engine (package.json pins each: src/catalog/versions.ts). */
export function enginePackages(engine: Engine): string[] {
  return [engine.core, engine.provider, "constructs"];
}

/** True when `version` (e.g. "v22.3.0") is at least the engine's minimum Node. */
export function nodeSatisfies(engine: Engine, version: string): boolean {
  const have = version.replace(/^v/, "").split(".").map(Number);
  const need = engine.minNode.split(".").map(Number);
  for (let i = 0; i < need.length; i++) {
    const d = (have[i] ?? 0) - need[i]!;
    if (d !== 0) return d > 0;
  }
  return true;
}

/**
 * Refuses to run a project's stack on a Node its engine does not support (exit 21), rather than
 * letting it fail later with an error from inside the engine's packages.
 */
export function requireNodeFor(engine: Engine, what: string, version: string = process.version, otherwise = ""): void {
  if (nodeSatisfies(engine, version)) return;
  throw new LambdaformError(
    "nodeTooOld",
    `${what} uses ${engine.name} (${engine.core}), which needs Node ${engine.minNode} or newer; this is Node ${version.replace(/^v/, "")}: run lambdaform with Node 22 or 24${otherwise}`,
  );
}

/**
 * Where the Terraform two engines synthesize for the same answers may differ, and why; anything
 * else differing is a bug. Paths are JSON keys of cdk.tf.json joined with dots.
 */
export const engineDifferences: readonly { path: RegExp; reason: string }[] = [
  { path: /^\/\/\.metadata\.version$/, reason: "the engine's own version, in the stack's metadata" },
  { path: /^terraform\.required_providers\.aws\.(source|version)$/, reason: "the AWS provider the engine's bindings pin" },
  { path: /^resource\.aws_lambda_permission\.[^.]+\.invoked_via_function_url$/, reason: "a public URL's invoke grant limited to calls through the URL" },
];
