import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CancelledError, LambdaformError } from "../errors.js";
import type { FileChange } from "../plan/file-plan.js";

/** One step done, so it can be undone: the file put in place, and where its old version went. */
interface Done {
  target: string;
  backup?: string;
  placed: boolean;
}

/**
 * Applies a project's file changes all or nothing. New contents are first written into a
 * transaction folder inside the project (same file system, so moves are atomic renames); then
 * each old file is moved aside and the new one moved in, synchronously. Any failure, or a signal
 * that arrived meanwhile, moves every old file back, removes what was added and leaves the
 * project byte-identical. The transaction folder is removed either way.
 */
export async function applyChanges(dir: string, changes: readonly FileChange[], signal?: AbortSignal): Promise<void> {
  const txn = path.join(dir, `.lambdaform-txn-${randomBytes(4).toString("hex")}`);
  const done: Done[] = [];
  const createdDirs: string[] = [];
  try {
    mkdirSync(path.join(txn, "new"), { recursive: true });
    mkdirSync(path.join(txn, "old"));
    // Everything that can fail slowly (disk full, permissions) fails here, before any file moves.
    changes.forEach((change, i) => {
      if (change.action !== "delete") writeFileSync(path.join(txn, "new", String(i)), change.content, { mode: modeFor(dir, change.file) });
    });
    changes.forEach((change, i) => {
      pauseForTests(i, changes.length);
      const target = path.join(dir, change.file);
      const step: Done = { target, placed: false };
      done.push(step);
      if (change.action !== "create") {
        step.backup = path.join(txn, "old", String(i));
        renameSync(target, step.backup);
      }
      if (change.action !== "delete") {
        createdDirs.push(...makeParents(dir, path.dirname(target)));
        renameSync(path.join(txn, "new", String(i)), target);
        step.placed = true;
      }
    });
    // A signal handler runs only when the event loop polls. A timer alone is not enough (libuv's
    // clock was read before the moves, so it may already be due), nor is an immediate alone (it may
    // run before the next poll): an immediate set from a timer runs after that loop turn's poll.
    // Then undo the change if a signal that arrived during the moves asked us to stop.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) throw new CancelledError("cancelled; the project is unchanged");
    for (const change of changes) if (change.action === "delete") removeEmptyParents(dir, path.dirname(path.join(dir, change.file)));
  } catch (error) {
    rollBack(done, createdDirs);
    throw writeError(dir, error);
  } finally {
    rmSync(txn, { recursive: true, force: true });
  }
}

function rollBack(done: Done[], createdDirs: string[]): void {
  for (const step of done.reverse()) {
    if (step.placed) rmSync(step.target, { force: true });
    if (step.backup && existsSync(step.backup)) renameSync(step.backup, step.target);
  }
  for (const dir of createdDirs.reverse()) {
    if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
  }
}

/** Creates missing folders down to `dir`, returning the ones it created (outermost first). */
function makeParents(root: string, dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; d !== root && !existsSync(d); d = path.dirname(d)) missing.unshift(d);
  for (const d of missing) mkdirSync(d);
  return missing;
}

/** A function's events/ folder, for one, goes with its last file. */
function removeEmptyParents(root: string, dir: string): void {
  for (let d = dir; d !== root && existsSync(d) && readdirSync(d).length === 0; d = path.dirname(d)) rmdirSync(d);
}

/** Keeps an existing file's mode (an executable script stays executable); new files get the usual one. */
function modeFor(root: string, file: string): number {
  try {
    return statSync(path.join(root, file)).mode & 0o777;
  } catch {
    return file.startsWith("scripts/") && file.endsWith(".sh") ? 0o755 : 0o644;
  }
}

function writeError(dir: string, error: unknown): unknown {
  if (error instanceof LambdaformError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code && ["EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT", "ENOTDIR", "EISDIR", "ENAMETOOLONG", "EEXIST"].includes(code)) {
    return new LambdaformError("cannotWrite", `cannot write in ${dir} (${code}); the project is unchanged`);
  }
  return error;
}

/**
 * LAMBDAFORM_TEST_PAUSE_MS holds the moves half-way for that long (after writing the file named
 * by LAMBDAFORM_TEST_PAUSE_MARKER, if any), so tests can send a real signal mid-write. It only
 * ever delays; it changes nothing that is written.
 */
function pauseForTests(index: number, total: number): void {
  const ms = Number(process.env.LAMBDAFORM_TEST_PAUSE_MS ?? 0);
  if (!(ms > 0) || index !== Math.floor(total / 2)) return;
  const marker = process.env.LAMBDAFORM_TEST_PAUSE_MARKER;
  if (marker) writeFileSync(marker, "paused\n");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
