import { diff3Merge } from "node-diff3";

/** Lines of `theirs` (1-based, inclusive) where the user's edits and the change overlap. */
export interface ConflictRange {
  start: number;
  end: number;
}

export type MergeResult = { ok: true; text: string } | { ok: false; conflicts: ConflictRange[] };

/**
 * A line-based three-way merge, as `git merge-file` does it: `base` is what lambdaform generated
 * last time, `theirs` the file on disk, `ours` the new rendering. Changes on different lines are
 * both kept; changes to the same lines are a conflict, reported by their place in `theirs`.
 */
export function mergeThreeWay(base: string, theirs: string, ours: string): MergeResult {
  const split = (text: string) => text.split("\n");
  const regions = diff3Merge(split(theirs), split(base), split(ours), { excludeFalseConflicts: true });
  const lines: string[] = [];
  const conflicts: ConflictRange[] = [];
  for (const region of regions) {
    if (region.ok) {
      lines.push(...region.ok);
    } else if (region.conflict) {
      // a = theirs: report where the user's lines stand, so they can find them in their file.
      const start = region.conflict.aIndex + 1;
      const count = Math.max(region.conflict.a.length, 1);
      conflicts.push({ start, end: start + count - 1 });
      lines.push(...region.conflict.a);
    }
  }
  return conflicts.length > 0 ? { ok: false, conflicts } : { ok: true, text: lines.join("\n") };
}
