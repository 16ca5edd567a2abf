import { accessSync, constants, lstatSync, mkdirSync, readdirSync, readlinkSync, realpathSync, renameSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { LambdaformError } from "../errors.js";
import type { Tree } from "../render/tree.js";

/**
 * Entries a folder may hold and still count as empty: version control and editor metadata,
 * as create-vite treats `.git`. `git init && create-lambdaform .` is a normal way to start;
 * these entries are never read, moved or removed.
 */
export const metadataEntries: ReadonlySet<string> = new Set([".git", ".hg", ".svn", ".idea", ".vscode", ".DS_Store"]);

/** What is at the target now: nothing (it will be created), or an empty folder filled in place. */
export type TargetState = { kind: "absent" } | { kind: "empty"; kept: string[] };

/**
 * Looks at the target without following a link at its last component, and refuses anything
 * but an absent path whose nearest ancestor is a writable folder, or an empty writable folder.
 * Every refusal is one line with its exit code: taken (4), or cannot be written (9).
 */
export function inspectTarget(dir: string): TargetState {
  let stat;
  try {
    stat = lstatSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: an ancestor is a file; assertCreatable names it.
    if (code === "ENOENT" || code === "ENOTDIR") {
      assertCreatable(dir);
      return { kind: "absent" };
    }
    throw new LambdaformError("cannotWrite", `cannot use ${dir} (${code ?? String(error)})`);
  }
  // A link is refused rather than followed: writing through it would fill (or create) a folder
  // somewhere else than the path the user typed, which nobody expects from a "new folder".
  if (stat.isSymbolicLink()) throw symlinkRefusal(dir);
  if (!stat.isDirectory()) throw new LambdaformError("cannotWrite", `${dir} exists and is a file, not a folder; choose a folder`);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    throw new LambdaformError("cannotWrite", `cannot read ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const others = entries.filter((entry) => !metadataEntries.has(entry));
  if (others.length > 0) {
    throw new LambdaformError("targetNotEmpty", `${dir} is not empty (${others.length} entries); choose a new folder`);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new LambdaformError("cannotWrite", `cannot write into ${dir}: it is not writable`);
  }
  return { kind: "empty", kept: entries };
}

/** Refuses a target that exists and holds anything, or that cannot be created; an empty folder is fine. */
export function assertTargetFree(dir: string): void {
  inspectTarget(dir);
}

function symlinkRefusal(dir: string): LambdaformError {
  const to = path.resolve(path.dirname(dir), readlinkSync(dir));
  let real: string | undefined;
  try {
    real = realpathSync(dir);
  } catch {
    // Dangling (or a loop): there is no folder behind it.
  }
  return new LambdaformError(
    "cannotWrite",
    real
      ? `${dir} is a symlink to ${real}; lambdaform does not write through links: give ${real} itself`
      : `${dir} is a symlink to ${to}, which does not exist; lambdaform does not write through links: remove the link or choose another folder`,
  );
}

/** Checked before any question is asked: the nearest existing ancestor must be a writable folder. */
function assertCreatable(dir: string): void {
  let ancestor = path.dirname(dir);
  while (!lexists(ancestor)) ancestor = path.dirname(ancestor);
  if (!lstatSync(ancestor).isDirectory() && !isFolderLink(ancestor)) {
    throw new LambdaformError("cannotWrite", `cannot create ${dir}: ${ancestor} is not a folder`);
  }
  try {
    accessSync(ancestor, constants.W_OK);
  } catch {
    throw new LambdaformError("cannotWrite", `cannot create ${dir}: ${ancestor} is not writable`);
  }
}

/** Links above the target are fine (/tmp on macOS, a linked home): only the last component must be real. */
function isFolderLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink() && lstatSync(realpathSync(file)).isDirectory();
  } catch {
    return false;
  }
}

/** Test seams: called at points where a real failure could strike. Never set outside tests. */
export interface CommitHooks {
  /** Before each top-level entry is moved from the staging folder into an existing target. */
  beforeMove?(entry: string): void;
}

/**
 * Writes the project so that the target ends up either as it was or holding the whole project.
 * The writes are synchronous on purpose: a Ctrl-C is handled only once this returns, never
 * between two files.
 * - Absent target: everything goes into a staging folder beside it, renamed into place.
 * - Existing empty folder: it is filled in place and never replaced, so it keeps its inode,
 *   mode (setgid, 2700), owner and ACLs. Files are written into a staging folder inside it (same
 *   file system, and new files inherit its default ACLs and group), then each top-level entry
 *   is renamed into the folder. On failure only what this run moved in is removed; VCS and
 *   editor metadata that was there stays untouched.
 */
export function commitNewProject(tree: Tree, targetDir: string, hooks: CommitHooks = {}): void {
  const target = path.resolve(targetDir);
  const state = inspectTarget(target);
  if (state.kind === "absent") commitIntoNewFolder(tree, target);
  else commitIntoEmptyFolder(tree, target, state.kept, hooks);
}

function commitIntoNewFolder(tree: Tree, target: string): void {
  const parent = path.dirname(target);
  const staging = path.join(parent, `.${path.basename(target)}.lambdaform-${randomBytes(4).toString("hex")}`);
  let createdParents: string | undefined;
  try {
    createdParents = makeParents(parent);
    writeTree(tree, staging);
    // rename would silently replace an empty folder made meanwhile (and its mode): refuse instead.
    if (lexists(target)) throw appeared(target);
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (createdParents) rmSync(createdParents, { recursive: true, force: true });
    throw writeError(target, error);
  }
}

function commitIntoEmptyFolder(tree: Tree, target: string, kept: string[], hooks: CommitHooks): void {
  const topLevel = [...new Set(tree.entries().map(([file]) => file.split("/")[0]!))];
  const clash = topLevel.filter((entry) => kept.includes(entry));
  if (clash.length > 0) {
    throw new LambdaformError("targetNotEmpty", `${target} already holds ${clash.join(", ")}, which the project would write; choose a new folder`);
  }
  const staging = path.join(target, `.lambdaform-staging-${randomBytes(4).toString("hex")}`);
  const moved: string[] = [];
  try {
    writeTree(tree, staging);
    for (const entry of topLevel) {
      hooks.beforeMove?.(entry);
      const to = path.join(target, entry);
      // rename replaces a file (or an empty folder) without a word: something that appeared meanwhile is not ours to replace.
      if (lexists(to)) throw appeared(to);
      renameSync(path.join(staging, entry), to);
      moved.push(to);
    }
    rmdirSync(staging);
  } catch (error) {
    for (const entry of moved) rmSync(entry, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true });
    throw writeError(target, error);
  }
}

/**
 * mkdir -p, one level at a time from the nearest existing ancestor; returns the first folder it
 * made, so a failure can remove them all. Not mkdirSync's `recursive`: on procfs or sysfs (a
 * target under /proc) it retries forever instead of failing.
 */
function makeParents(dir: string): string | undefined {
  const missing: string[] = [];
  for (let at = dir; !lexists(at); at = path.dirname(at)) missing.unshift(at);
  for (const folder of missing) mkdirSync(folder);
  return missing[0];
}

function lexists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

const appeared = (file: string) => new LambdaformError("targetNotEmpty", `${file} appeared while writing; nothing was written`);

/** What the file system refused, as one line with its own exit code; anything else is ours. */
function writeError(target: string, error: unknown): unknown {
  if (error instanceof LambdaformError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOTEMPTY" || code === "EEXIST") return new LambdaformError("targetNotEmpty", `${target} changed while writing; nothing was written`);
  // ENOENT: a folder vanished meanwhile, or a file system (procfs) that takes no new folders.
  if (code && ["EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT", "ENOTDIR", "ENOENT", "ENAMETOOLONG", "EISDIR", "ELOOP", "EMFILE", "EIO"].includes(code)) {
    return new LambdaformError("cannotWrite", `cannot write ${target} (${code}); nothing was written`);
  }
  return error;
}

export function writeTree(tree: Tree, root: string): void {
  // The root's parent exists; only inside the root, a folder just made, is recursive mkdir safe.
  mkdirSync(root);
  for (const [file, content] of tree.entries()) {
    const full = path.join(root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content, { mode: file.startsWith("scripts/") && file.endsWith(".sh") ? 0o755 : 0o644 });
  }
}
