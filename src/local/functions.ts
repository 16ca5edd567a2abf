import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { LambdaformError } from "../errors.js";
import type { ProjectSpec } from "../project/spec.js";
import { awsFunctionName } from "../project/naming.js";
import { stackFiles } from "../verify/steps/synth.js";
import type { AsyncSettings } from "./async-invoke.js";
import type { EmulatorApi } from "./emulator-api.js";
import type { FunctionConfig } from "./runners/runner.js";
import { readZip } from "./zip.js";

/** Where dev keeps what it extracts and writes, inside the project (`.lambdaform/` is gitignored). */
export const devDir = (projectDir: string) => path.join(projectDir, ".lambdaform", "dev");

/**
 * Each function's name in AWS, read from the synthesized stack (construct `<stack>/<name>/...`
 * → `function_name`), so a stage or naming scheme of the stack is taken as it is.
 */
export function deployedNames(projectDir: string, spec: ProjectSpec): Map<string, string> {
  const names = new Map<string, string>();
  const file = stackFiles(projectDir)[0];
  const stack = file ? (JSON.parse(readFileSync(file, "utf8")) as { resource?: Record<string, Record<string, Record<string, unknown>>> }) : {};
  const functions = Object.values(stack.resource?.aws_lambda_function ?? {});
  for (const fn of spec.functions) {
    const found = functions.find((r) => {
      const construct = (r["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path?.split("/");
      return construct?.[1] === fn.name;
    });
    const name = typeof found?.function_name === "string" && !found.function_name.includes("${") ? found.function_name : awsFunctionName(spec.name, fn.name);
    names.set(name, fn.name);
  }
  return names;
}

/**
 * Extracts each function's deployment package (dist/functions/<name>.zip, what `npm run build`
 * made and the stack uploads) and the layers into `.lambdaform/dev/`, so the local loop runs
 * the deployed bytes: Node's bundle, Python's `app` package.
 */
export function extractPackages(projectDir: string, spec: ProjectSpec): { codeDir: (fn: string) => string; libraryDirs: string[] } {
  const root = devDir(projectDir);
  const functionsDir = path.join(root, "functions");
  rmSync(functionsDir, { recursive: true, force: true });
  for (const fn of spec.functions) extract(path.join(projectDir, "dist", "functions", `${fn.name}.zip`), path.join(functionsDir, fn.name));
  const layersDir = path.join(root, "layers");
  rmSync(layersDir, { recursive: true, force: true });
  const libraryDirs: string[] = [];
  const layers = path.join(projectDir, "dist", "layers");
  for (const zip of existsSync(layers) ? readdirSync(layers).filter((f) => f.endsWith(".zip")).sort() : []) {
    const into = path.join(layersDir, zip.slice(0, -4));
    extract(path.join(layers, zip), into);
    // Lambda puts a layer's python/ on Python's path (Node's layer folders are for require(), which the ESM bundles do not use).
    if (existsSync(path.join(into, "python"))) libraryDirs.push(path.join(into, "python"));
  }
  return { codeDir: (fn) => path.join(functionsDir, fn), libraryDirs };
}

function extract(zip: string, into: string): void {
  if (!existsSync(zip)) throw new LambdaformError("notAProject", `${zip} is missing: the project's package step did not make it`);
  for (const entry of readZip(readFileSync(zip))) {
    const file = path.join(into, entry.name);
    if (!file.startsWith(into + path.sep)) throw new LambdaformError("notAProject", `${zip} has an entry outside its root: ${entry.name}`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, entry.data);
  }
}

interface LambdaConfiguration {
  FunctionName: string;
  FunctionArn: string;
  Runtime: string;
  Handler: string;
  Timeout: number;
  MemorySize: number;
  Environment?: { Variables?: Record<string, string> };
  DeadLetterConfig?: { TargetArn?: string };
}

/** A function's configuration as the emulator's Lambda holds it: the stack's environment, timeout, memory and handler. */
export async function readFunction(
  api: EmulatorApi,
  awsName: string,
  name: string,
  runtime: string,
  where: { codeDir: string; libraryDirs: string[]; environment: Record<string, string> },
): Promise<{ config: FunctionConfig; async: AsyncSettings }> {
  let c: LambdaConfiguration;
  try {
    c = await api.rest<LambdaConfiguration>("lambda", "GET", `/2015-03-31/functions/${encodeURIComponent(awsName)}/configuration`);
  } catch (error) {
    throw new LambdaformError("emulatorUnavailable", `function ${awsName} is not in the emulator after the apply: ${error instanceof Error ? error.message : String(error)}`);
  }
  const config: FunctionConfig = {
    name,
    functionName: c.FunctionName,
    functionArn: c.FunctionArn,
    // The emulator may hold an older runtime than the stack's (the local provider predates it); the project's own is what runs.
    runtime,
    handler: c.Handler,
    timeoutSeconds: c.Timeout,
    memoryMb: c.MemorySize,
    environment: { ...(c.Environment?.Variables ?? {}), ...where.environment },
    codeDir: where.codeDir,
    libraryDirs: where.libraryDirs,
  };
  let invokeConfig: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number; DestinationConfig?: { OnFailure?: { Destination?: string } } } = {};
  try {
    invokeConfig = await api.rest("lambda", "GET", `/2019-09-25/functions/${encodeURIComponent(awsName)}/event-invoke-config`);
  } catch {
    // None configured: Lambda's defaults.
  }
  const async: AsyncSettings = {
    functionArn: c.FunctionArn,
    maximumRetryAttempts: invokeConfig.MaximumRetryAttempts ?? 2,
    maximumEventAgeSeconds: invokeConfig.MaximumEventAgeInSeconds ?? 21_600,
    ...(invokeConfig.DestinationConfig?.OnFailure?.Destination ? { onFailureArn: invokeConfig.DestinationConfig.OnFailure.Destination } : {}),
    ...(c.DeadLetterConfig?.TargetArn ? { deadLetterArn: c.DeadLetterConfig.TargetArn } : {}),
  };
  return { config, async };
}
