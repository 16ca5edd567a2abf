import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { StepId, StepResult } from "../types.js";
import type { FileHashes } from "./inputs.js";

/** The project's step cache: one file per step, `.lambdaform/cache/<step>.json` (.lambdaform/ is git-ignored). */
export const cacheFolder = path.join(".lambdaform", "cache");

/** A passed step's result, kept for the next run with the same inputs. */
export interface CachedStep {
  key: string;
  detail: string;
  notes?: string[];
  metrics?: Record<string, unknown>;
  /** Tool versions the step reported, put back into the report when the result is reused. */
  versions: Record<string, string>;
  /** Files the step wrote that later steps read (dist/, cdktf.out/): reused only while they are as written. */
  outputs: FileHashes;
  /**
   * The inputs it passed with, for steps that can rerun only what a change touches: `base`
   * hashes everything but the files (step, lambdaform, Node, tool versions, settings).
   */
  inputs?: { base: string; files: FileHashes };
}

function entryFile(dir: string, step: StepId): string {
  return path.join(dir, cacheFolder, `${step}.json`);
}

/** The entry for `key`, if the step passed with exactly these inputs; anything unreadable is a miss. */
export function readEntry(dir: string, step: StepId, key: string): CachedStep | undefined {
  try {
    const entry = JSON.parse(readFileSync(entryFile(dir, step), "utf8")) as CachedStep;
    return entry.key === key ? entry : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The step's last passed entry whatever its key, for a step that reruns only what changed since
 * (the test step); anything unreadable is none.
 */
export function readLastPass(dir: string, step: StepId): CachedStep | undefined {
  try {
    const entry = JSON.parse(readFileSync(entryFile(dir, step), "utf8")) as CachedStep;
    return entry.inputs ? entry : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a passed result; written whole then renamed, so a stopped run never leaves half an entry. */
export function writeEntry(dir: string, step: StepId, entry: CachedStep): void {
  const file = entryFile(dir, step);
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(entry, null, 2) + "\n");
  renameSync(partial, file);
}

/** Drops the step's entry: after a failure, no earlier pass may answer for it. */
export function dropEntry(dir: string, step: StepId): void {
  rmSync(entryFile(dir, step), { force: true });
}

export function cachedResult(step: StepId, entry: CachedStep): StepResult {
  return { id: step, status: "passed", durationMs: 0, detail: entry.detail, notes: entry.notes, metrics: entry.metrics, cached: true };
}
