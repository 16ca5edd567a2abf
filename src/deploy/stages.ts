import { readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { projectOptions, functionOptions } from "../catalog/settings.js";
import { invalidValue } from "../errors.js";
import { manifestFile, type StageSettings } from "../manifest/manifest.js";

/**
 * The stage every project has: today's names and `terraform.tfstate`. The generated project's
 * scripts/lib/stage.mjs holds the same name and pattern (test/deploy-stages.test.ts keeps them equal).
 */
export const defaultStage = "default";
/** Short, so `<project>-<stage>-<function>-<suffix>` stays inside AWS's 64-character names. */
export const stagePattern = /^[a-z][a-z0-9]{0,9}$/;

const bucketPattern = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const profilePattern = /^[\w+=,.@-]{1,64}$/;

/** Why a deploy answer is unacceptable, phrased to follow its flag; undefined when fine. */
export const stageChecks = {
  stage: (v: string) => (stagePattern.test(v) ? undefined : "must be a lowercase letter then at most 9 lowercase letters or digits (dev, staging, prod2)"),
  region: (v: string) => projectOptions.region.check(v),
  profile: (v: string) => (profilePattern.test(v) ? undefined : "must be a profile name from ~/.aws/config"),
  stateBucket: (v: string) => (bucketPattern.test(v) ? undefined : "must be an S3 bucket name (3-63 lowercase letters, digits, dots and dashes)"),
  alarmEmail: (v: string) => functionOptions.alarmEmail.check(v),
} satisfies Record<string, (value: string) => string | undefined>;

export type StageAnswer = keyof typeof stageChecks;

/** The flag that sets each answer, for messages. */
export const stageFlags: Record<StageAnswer, string> = {
  stage: "stage",
  region: "region",
  profile: "profile",
  stateBucket: "state-bucket",
  alarmEmail: "alarm-email",
};

/** Throws the one-line exit-3 error for a bad value. */
export function checkAnswer(key: StageAnswer, value: string): string {
  const problem = stageChecks[key](value);
  if (problem) throw invalidValue(`--${stageFlags[key]} ${problem}, got ${JSON.stringify(value)}`);
  return value;
}

/** The settings lambdaform.json saved for a stage (none yet: empty). */
export function savedStage(dir: string, stage: string): StageSettings {
  return readRawManifest(dir).stages?.[stage] ?? {};
}

/**
 * Saves a stage's settings into lambdaform.json, leaving every other field as it was. The file
 * is replaced whole (written beside it, then renamed), so a crash never leaves half of it.
 */
export function saveStage(dir: string, stage: string, settings: StageSettings): void {
  const manifest = readRawManifest(dir);
  const clean = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined && v !== ""));
  manifest.stages = { ...manifest.stages, [stage]: clean };
  const file = path.join(dir, manifestFile);
  writeFileSync(`${file}.tmp`, JSON.stringify(manifest, null, 2) + "\n");
  renameSync(`${file}.tmp`, file);
}

function readRawManifest(dir: string): { stages?: Record<string, StageSettings> } & Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(dir, manifestFile), "utf8"));
}
