import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Ajv as AjvClass, ErrorObject } from "ajv";
import type { OptionValue } from "../catalog/option.js";
import { packageRoot } from "../paths.js";

/** The newest pack.json format this lambdaform reads; a pack without `formatVersion` is 1. */
export const packFormatVersion = 1;

export const packSchemaFile = path.join(packageRoot, "schemas", "pack.schema.json");

export interface PackQuestion {
  name: string;
  type: "text" | "number" | "choice" | "boolean";
  message: string;
  default?: OptionValue;
  choices?: string[];
  pattern?: string;
  min?: number;
  max?: number;
}

/** pack.json as schemas/pack.schema.json describes it. */
export interface PackManifest {
  formatVersion?: number;
  name?: string;
  version?: string;
  description?: string;
  defaults?: Record<string, OptionValue>;
  locked?: Record<string, OptionValue>;
  choices?: { runtimes?: string[]; triggers?: string[]; resources?: string[]; regions?: string[] };
  questions?: PackQuestion[];
  adds?: string[];
  templates?: string;
  rules?: string;
}

let validator: ReturnType<AjvClass["compile"]> | undefined;

/**
 * Checks parsed pack.json against the published schema. The format version is checked first,
 * on its own: a newer pack fails the schema for fields it cannot know, and "upgrade lambdaform"
 * is the only useful thing to say about that. Returns the reason, or undefined.
 */
export function packManifestProblem(raw: unknown): string | undefined {
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === "number" && Number.isInteger(version) && version > packFormatVersion) {
    return `has formatVersion ${version}, but this lambdaform reads formatVersion ${packFormatVersion} at most: upgrade lambdaform`;
  }
  // Loaded only when there is a pack.json to check: ajv takes ~80 ms to load, and most runs have no pack.
  const { Ajv } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
  validator ??= new Ajv({ allErrors: false, strict: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync(packSchemaFile, "utf8")));
  if (validator(raw)) return undefined;
  return `does not match the pack format (schemas/pack.schema.json): ${describe(validator.errors![0]!)}`;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll("/", ".") : "the top level";
  if (error.keyword === "additionalProperties") return `${where} has an unknown field ${JSON.stringify(error.params.additionalProperty)}`;
  if (error.keyword === "enum") return `${where} must be one of ${(error.params.allowedValues as string[]).join(", ")}`;
  return `${where} ${error.message}`;
}
