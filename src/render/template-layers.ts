import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Template folders stacked highest first: an org pack's file shadows the built-in one at the
 * same relative path, so a pack can override any single template without copying the rest.
 */
export class TemplateLayers {
  constructor(readonly roots: readonly string[]) {}

  /** Relative paths (posix) of the files under `dir`, merged across layers. */
  list(dir: string): string[] {
    const found = new Set<string>();
    for (const root of this.roots) {
      const base = path.join(root, dir);
      if (existsSync(base)) for (const file of walk(base)) found.add(file);
    }
    return [...found].sort();
  }

  /** Names of files directly in `dir` (not in its subfolders), merged across layers. */
  listTop(dir: string): string[] {
    const found = new Set<string>();
    for (const root of this.roots) {
      const base = path.join(root, dir);
      if (!existsSync(base)) continue;
      // Only this folder is read: `base` holds every runtime's templates below it.
      for (const entry of readdirSync(base)) if (!statSync(path.join(base, entry)).isDirectory()) found.add(entry);
    }
    return [...found].sort();
  }

  exists(file: string): boolean {
    return this.roots.some((root) => existsSync(path.join(root, file)));
  }

  read(file: string): { content: string; source: string } {
    for (const root of this.roots) {
      const full = path.join(root, file);
      if (existsSync(full)) return { content: readFileSync(full, "utf8"), source: full };
    }
    throw new Error(`no template ${file} in ${this.roots.join(", ")}`);
  }
}

/** Relative posix paths of every file under `dir`, sorted. */
export function walk(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    const rel = prefix ? `${prefix}/${entry}` : entry;
    if (statSync(full).isDirectory()) out.push(...walk(full, rel));
    else out.push(rel);
  }
  return out;
}
