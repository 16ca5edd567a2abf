import { readFileSync } from "node:fs";
import path from "node:path";
import { resourceIds, type ResourceId } from "../catalog/resource.js";
import { LambdaformError } from "../errors.js";
import type { ProjectSpec, ResourceSpec } from "../project/spec.js";
import { manifestFile, manifestSchemaVersion, type Manifest, type PackRecord } from "./manifest.js";

/**
 * Reads a project's lambdaform.json. An older schema is upgraded in memory (the file is only
 * rewritten together with the files it describes); a newer one is refused, since this version
 * of lambdaform cannot know what it would lose.
 */
export function readManifest(dir: string): Manifest {
  const file = path.join(dir, manifestFile);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new LambdaformError("notAProject", `${dir} has no ${manifestFile}: not a lambdaform project`);
    throw new LambdaformError("notAProject", `cannot read ${file} (${code ?? String(error)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new LambdaformError("notAProject", `${file} is not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  return upgradeManifest(raw, file);
}

export function upgradeManifest(raw: unknown, file = manifestFile): Manifest {
  const bad = (what: string) => new LambdaformError("notAProject", `${file} ${what}: not a manifest lambdaform can read`);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw bad("is not a JSON object");
  const m = raw as Record<string, unknown>;
  const version = m.schemaVersion;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) throw bad("has no valid schemaVersion");
  if (version > manifestSchemaVersion) {
    throw new LambdaformError(
      "notAProject",
      `${file} has schemaVersion ${version}, but this lambdaform (${manifestSchemaVersion}) reads up to ${manifestSchemaVersion}: upgrade lambdaform`,
    );
  }
  const spec = m.spec as Record<string, unknown> | undefined;
  if (typeof spec !== "object" || spec === null || !Array.isArray(spec.functions) || !Array.isArray(spec.resources)) {
    throw bad("has no spec with functions and resources");
  }
  // Each step upgrades one schema to the next, so an old manifest goes through all of them.
  if (version < 2) spec.resources = upgradeResources(spec.resources, spec.functions as { name: string }[], bad);
  const packs = Array.isArray(m.templatePacks) ? m.templatePacks : [];
  return {
    schemaVersion: manifestSchemaVersion,
    generator: (m.generator as Manifest["generator"]) ?? { name: "create-lambdaform", version: "unknown" },
    spec: spec as unknown as ProjectSpec,
    templatePacks: version < 3 ? upgradePacks(packs, bad) : checkPackRecords(packs, bad),
    waivers: Array.isArray(m.waivers) ? (m.waivers as Manifest["waivers"]) : [],
    ...(isRecord(m.stages) ? { stages: m.stages as Manifest["stages"] } : {}),
    files: (m.files as Record<string, string>) ?? {},
  };
}

/** Schema 1 listed resource types, each used by every function; schema 2 names instances and their users. */
function upgradeResources(list: unknown[], functions: { name: string }[], bad: (what: string) => Error): ResourceSpec[] {
  return list.map((id) => {
    if (typeof id !== "string" || !resourceIds.includes(id as ResourceId)) throw bad(`lists an unknown resource ${JSON.stringify(id)}`);
    return { type: id as ResourceId, name: id, functions: functions.map((f) => f.name) };
  });
}

/** Schemas 1 and 2 recorded packs as folders relative to the project, named after the folder. */
function upgradePacks(list: unknown[], bad: (what: string) => Error): PackRecord[] {
  return list.map((folder) => {
    if (typeof folder !== "string") throw bad(`lists a template pack that is not a folder: ${JSON.stringify(folder)}`);
    return { name: folder.split(/[\\/]/).filter(Boolean).at(-1) ?? folder, source: { folder } };
  });
}

function checkPackRecords(list: unknown[], bad: (what: string) => Error): PackRecord[] {
  for (const record of list as Partial<PackRecord>[]) {
    const source = record?.source as Record<string, unknown> | undefined;
    const where = source && (typeof source.folder === "string" || typeof source.npm === "string");
    if (typeof record?.name !== "string" || !where) throw bad(`lists a template pack without a name and a folder or npm source: ${JSON.stringify(record)}`);
  }
  return list as PackRecord[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
