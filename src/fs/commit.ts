import { accessSync, constants, existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { LambdaformError } from "../errors.js";
import type { Tree } from "../render/tree.js";

/** Refuses a target that exists and holds anything, or that cannot be created; an empty folder is fine. */
export function assertTargetFree(dir: string): void {
  if (!existsSync(dir)) return assertCreatable(dir);
  if (!statSync(dir).isDirectory()) throw new LambdaformError("targetNotEmpty", `${dir} exists and is not a folder`);
  const entries = readdirSync(dir);
  if (entries.length > 0) {
    throw new LambdaformError("targetNotEmpty", `${dir} is not empty (${entries.length} entries); choose a new folder`);
  }
}

/** Checked before any question is asked: the nearest existing ancestor must be a writable folder. */
function assertCreatable(dir: string): void {
  let ancestor = path.dirname(dir);
  while (!existsSync(ancestor)) ancestor = path.dirname(ancestor);
  if (!statSync(ancestor).isDirectory()) throw new LambdaformError("cannotWrite", `cannot create ${dir}: ${ancestor} is not a folder`);
  try {
    accessSync(ancestor, constants.W_OK);
  } catch {
    throw new LambdaformError("cannotWrite", `cannot create ${dir}: ${ancestor} is not writable`);
  }
}

/**
 * Writes the tree into a staging folder beside the target, then renames it into place. The
 * writes are synchronous on purpose: a Ctrl-C is only handled between them and the rename,
 * so the target ends up either absent or complete, never half-written.
 */
export function commitNewProject(tree: Tree, targetDir: string): void {
  const target = path.resolve(targetDir);
  assertTargetFree(target);
  const parent = path.dirname(target);
  const staging = path.join(parent, `.${path.basename(target)}.lambdaform-${randomBytes(4).toString("hex")}`);
  let createdParents: string | undefined;
  try {
    createdParents = mkdirSync(parent, { recursive: true });
    writeTree(tree, staging);
    // rmdir only removes an empty folder: if something appeared meanwhile, we fail rather than clobber it.
    if (existsSync(target)) rmdirSync(target);
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (createdParents) rmSync(createdParents, { recursive: true, force: true });
    throw writeError(target, error);
  }
}

/** What the file system refused, as one line with its own exit code; anything else is ours. */
function writeError(target: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOTEMPTY") return new LambdaformError("targetNotEmpty", `${target} appeared while writing; nothing was written`);
  if (code && ["EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT", "ENOTDIR", "ENAMETOOLONG"].includes(code)) {
    return new LambdaformError("cannotWrite", `cannot write ${target} (${code}); nothing was written`);
  }
  return error;
}

export function writeTree(tree: Tree, root: string): void {
  mkdirSync(root, { recursive: true });
  for (const [file, content] of tree.entries()) {
    const full = path.join(root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content, { mode: file.startsWith("scripts/") && file.endsWith(".sh") ? 0o755 : 0o644 });
  }
}
