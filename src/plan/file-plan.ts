import { lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import { hashContent, manifestFile } from "../manifest/manifest.js";
import type { Tree } from "../render/tree.js";
import { fileKind, type FileKind } from "./file-kind.js";
import { mergeThreeWay, type ConflictRange } from "./three-way.js";

/** One file the change writes or deletes. `before` is what is on disk now. */
export type FileChange =
  | { file: string; action: "create"; content: string }
  | { file: string; action: "update"; content: string; before: string; merged: boolean }
  | { file: string; action: "delete"; before: string };

/** A file the change leaves alone on purpose, and why (the user edited it, or deleted it). */
export interface KeptFile {
  file: string;
  reason: string;
}

export interface FileConflict {
  file: string;
  reason: string;
  ranges: ConflictRange[];
}

export interface FilePlan {
  changes: FileChange[];
  kept: KeptFile[];
  conflicts: FileConflict[];
}

export interface PlanInput {
  dir: string;
  /** The hashes lambdaform.json recorded for what was generated last time. */
  recorded: Record<string, string>;
  /** The recorded spec rendered again: what was generated last time, where it reproduces. */
  base: Tree;
  /** The new rendering. Its lambdaform.json is written as it is, last. */
  ours: Tree;
}

/**
 * Decides, file by file, how to bring the folder from what was generated to the new rendering
 * without losing the user's edits (docs/templates.md, "Growing a project"). Reads the disk,
 * writes nothing: the result is applied all at once, or not at all when it has conflicts.
 */
export function planFiles({ dir, recorded, base, ours }: PlanInput): FilePlan {
  const plan: FilePlan = { changes: [], kept: [], conflicts: [] };
  const files = new Set([...base.entries().map(([f]) => f), ...ours.entries().map(([f]) => f)]);
  files.delete(manifestFile);
  for (const file of [...files].sort()) {
    const disk = readDisk(dir, file);
    if (disk === "not a file") {
      plan.conflicts.push({ file, reason: "is not a regular file on disk", ranges: [] });
      continue;
    }
    const state: FileState = {
      file,
      kind: fileKind(file),
      disk,
      base: base.read(file),
      ours: ours.read(file),
      recorded: recorded[file],
    };
    decide(state, plan);
  }
  const manifest = ours.read(manifestFile)!;
  const manifestOnDisk = readDisk(dir, manifestFile);
  // The manifest is rewritten whole, not merged: the command read all of it (waivers included) and carries it over.
  if (manifestOnDisk !== manifest && manifestOnDisk !== "not a file") {
    plan.changes.push(
      manifestOnDisk === undefined
        ? { file: manifestFile, action: "create", content: manifest }
        : { file: manifestFile, action: "update", content: manifest, before: manifestOnDisk, merged: false },
    );
  }
  return plan;
}

interface FileState {
  file: string;
  kind: FileKind;
  disk: string | undefined;
  base: string | undefined;
  ours: string | undefined;
  recorded: string | undefined;
}

function decide(s: FileState, plan: FilePlan): void {
  const { file, disk, ours } = s;
  // Untouched since lambdaform wrote it: safe to replace or remove, whoever owns it.
  const pristine = disk !== undefined && s.recorded !== undefined && hashContent(disk) === s.recorded;
  if (ours === undefined) {
    if (disk === undefined) return;
    if (pristine) plan.changes.push({ file, action: "delete", before: disk });
    else plan.kept.push({ file, reason: "no longer generated, but edited by you: kept" });
    return;
  }
  if (disk === ours) return;
  if (disk === undefined) {
    if (s.recorded === undefined) plan.changes.push({ file, action: "create", content: ours });
    else if (s.base !== ours) plan.kept.push({ file, reason: "deleted by you: not created again" });
    return;
  }
  if (pristine) {
    plan.changes.push({ file, action: "update", content: ours, before: disk, merged: false });
    return;
  }
  if (s.recorded === undefined) {
    plan.conflicts.push({ file, reason: "exists, but lambdaform did not generate it: move it away, or merge by hand", ranges: [] });
    return;
  }
  // Edited by the user from here on.
  if (s.kind === "user") {
    if (s.base !== ours) plan.kept.push({ file, reason: "yours and edited: not changed (the change would have)" });
    return;
  }
  const base = s.base !== undefined && hashContent(s.base) === s.recorded ? s.base : undefined;
  if (base === undefined) {
    plan.conflicts.push({ file, reason: "edited, and the version that generated it cannot be rendered again to merge with", ranges: [] });
    return;
  }
  if (base === ours) return;
  const merged = mergeThreeWay(base, disk, ours);
  if (merged.ok) {
    if (merged.text !== disk) plan.changes.push({ file, action: "update", content: merged.text, before: disk, merged: true });
  } else {
    plan.conflicts.push({ file, reason: "your edits and the change touch the same lines", ranges: merged.conflicts });
  }
}

/** The file's text, undefined when absent, or "not a file" for a folder, link or other thing in the way. */
function readDisk(dir: string, file: string): string | undefined | "not a file" {
  const full = path.join(dir, file);
  let stat;
  try {
    stat = lstatSync(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ENOTDIR") return "not a file";
    throw error;
  }
  if (!stat.isFile()) return "not a file";
  return readFileSync(full, "utf8");
}

/** True when the plan writes nothing. */
export function isEmptyPlan(plan: FilePlan): boolean {
  return plan.changes.length === 0 && plan.conflicts.length === 0;
}
