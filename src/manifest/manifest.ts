import { createHash } from "node:crypto";
import { generatorVersion } from "../paths.js";
import type { ProjectSpec } from "../project/spec.js";
import type { Tree } from "../render/tree.js";

export const manifestFile = "lambdaform.json";
/**
 * 4: optional `spec.engine` (cdktf or cdktn) and per-stage deploy settings in `stages`; a
 * manifest without them means cdktf and the default stage, so 3 upgrades unchanged.
 * 3: template packs are records (name, version, where from) instead of folder paths, and pack
 * answers live in `spec.packAnswers`.
 * 2: resources are named instances that list the functions using them (1 listed types, each
 * used by every function). src/manifest/read.ts upgrades both in memory.
 */
export const manifestSchemaVersion = 4;

/**
 * A template pack the project was made with. `add` and `verify` load it again from here: a
 * folder relative to the project, or the npm package at exactly this version.
 */
export interface PackRecord {
  name: string;
  version?: string;
  source: { folder: string } | { npm: string };
}

/** A rule waived for one resource, with the reason printed on every verify run. */
export interface Waiver {
  rule: string;
  resource: string;
  reason: string;
}

/**
 * The project's record of itself: what was asked for, by which generator, and the hash of
 * every file generated, so later commands can tell generated files from hand-edited ones.
 */
export interface Manifest {
  schemaVersion: number;
  generator: { name: string; version: string };
  spec: ProjectSpec;
  templatePacks: PackRecord[];
  waivers: Waiver[];
  /**
   * Deploy settings per stage (`lambdaform deploy --stage <name>`), overriding the project's
   * defaults; absent until a stage is deployed with saved answers.
   */
  stages?: Record<string, StageSettings>;
  files: Record<string, string>;
}

/**
 * What `deploy --guided` saves for one stage, so the next deploy of that stage asks nothing.
 * The generated project reads it too: infra/stage.ts (region, alarmEmail, memory, environment)
 * and scripts/terraform.mjs (profile, stateBucket, stateRegion).
 */
export interface StageSettings {
  region?: string;
  profile?: string;
  stateBucket?: string;
  /** The state bucket's region, when it is not the stage's. */
  stateRegion?: string;
  alarmEmail?: string;
  memory?: number;
  /** Plain configuration for this stage's functions, over the project's `--env` values. */
  environment?: Record<string, string>;
}

export function hashContent(content: string | Buffer): string {
  return "sha256-" + createHash("sha256").update(content).digest("base64");
}

export function buildManifest(spec: ProjectSpec, tree: Tree, extra: Pick<Manifest, "templatePacks" | "waivers" | "stages">): Manifest {
  return {
    schemaVersion: manifestSchemaVersion,
    generator: { name: "create-lambdaform", version: generatorVersion },
    spec,
    templatePacks: extra.templatePacks,
    waivers: extra.waivers,
    // Deploy settings are the team's, not derived from the spec: `add` and `remove` keep them.
    ...(extra.stages ? { stages: extra.stages } : {}),
    files: Object.fromEntries(tree.entries().map(([file, content]) => [file, hashContent(content)])),
  };
}

export function serializeManifest(manifest: Manifest): string {
  return JSON.stringify(manifest, null, 2) + "\n";
}
