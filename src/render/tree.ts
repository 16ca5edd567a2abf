import path from "node:path";
import { LambdaformError } from "../errors.js";

/**
 * Files a generator wants to write, held in memory until everything has rendered and been
 * checked. Paths are project-relative with forward slashes; nothing can point outside.
 */
export class Tree {
  private readonly files = new Map<string, string>();

  write(filePath: string, content: string): void {
    const key = safeRelativePath(filePath);
    if (this.files.has(key) && this.files.get(key) !== content) {
      throw new LambdaformError("templatePack", `two templates write ${key} with different content`);
    }
    // A path cannot be both a file and a folder; catch it here rather than half-way through a write.
    const clash = [...this.files.keys()].find((other) => other.startsWith(`${key}/`) || key.startsWith(`${other}/`));
    if (clash) throw new LambdaformError("templatePack", `${key} and ${clash} cannot both exist`);
    this.files.set(key, content);
  }

  read(filePath: string): string | undefined {
    return this.files.get(safeRelativePath(filePath));
  }

  has(filePath: string): boolean {
    return this.files.has(safeRelativePath(filePath));
  }

  /** Entries sorted by path, so plans and manifests are stable. */
  entries(): [string, string][] {
    return [...this.files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  get size(): number {
    return this.files.size;
  }
}

/** Normalises a project-relative path, refusing absolute paths and any `..` that escapes. */
export function safeRelativePath(filePath: string): string {
  const normalised = path.posix.normalize(filePath.replaceAll("\\", "/"));
  if (path.posix.isAbsolute(normalised) || normalised === ".." || normalised.startsWith("../") || normalised === ".") {
    throw new LambdaformError("templatePack", `refusing to write outside the project: ${filePath}`);
  }
  if (normalised.split("/").some((part) => part === "" || part.includes("\0"))) {
    throw new LambdaformError("templatePack", `not a file path: ${JSON.stringify(filePath)}`);
  }
  return normalised;
}
