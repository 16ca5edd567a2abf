import { lstatSync, readdirSync, realpathSync } from "node:fs";
import path from "node:path";

/**
 * A path a pack names (in pack.json) as a folder inside the pack, or the reason it is not one.
 * Packs come from npm as readily as from a colleague: nothing they name may reach outside.
 */
export function insidePack(dir: string, rel: string): { full?: string; problem?: string } {
  if (path.isAbsolute(rel) || /^[a-zA-Z]:[\\/]/.test(rel)) return { problem: `${JSON.stringify(rel)} is an absolute path; paths in a pack are relative to it` };
  const full = path.resolve(dir, rel);
  const back = path.relative(dir, full);
  if (back === ".." || back.startsWith(`..${path.sep}`) || path.isAbsolute(back)) return { problem: `${JSON.stringify(rel)} points outside the pack` };
  return { full };
}

/** A template path (relative to templates/) that would land outside the project, or undefined. */
export function escapingTemplatePath(rel: string): string | undefined {
  if (path.isAbsolute(rel) || rel.startsWith("/") || rel.includes("\\")) return `${JSON.stringify(rel)} is not a relative path with / separators`;
  if (rel.split("/").some((part) => part === ".." || part === "." || part === "")) return `${JSON.stringify(rel)} has an empty, . or .. segment`;
  return undefined;
}

/**
 * The first symlink in the pack whose target is outside it (its path relative to the pack), or
 * undefined. A link inside the pack is fine; one out of it would render or load files the pack
 * does not hold. node_modules (an npm pack's own dependencies) is not the pack's content.
 */
export function symlinkOutside(dir: string): string | undefined {
  const root = realpathSync(dir);
  const walk = (folder: string): string | undefined => {
    for (const entry of readdirSync(folder).sort()) {
      if (entry === "node_modules" || entry === ".git") continue;
      const full = path.join(folder, entry);
      const stat = lstatSync(full);
      if (stat.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(full);
        } catch {
          return path.relative(dir, full);
        }
        const back = path.relative(root, target);
        if (back === ".." || back.startsWith(`..${path.sep}`) || path.isAbsolute(back)) return path.relative(dir, full);
        continue;
      }
      if (stat.isDirectory()) {
        const found = walk(full);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(dir);
}
