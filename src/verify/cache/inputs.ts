import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * What a step's result depends on: files of the project it reads (hashed by content), and
 * values that are not files (tool versions, flags, settings). The same inputs give the same
 * key; any change to one gives another.
 */
export interface StepInputs {
  /** Files the step reads, as paths relative to the project with their content hashes. */
  files: FileHashes;
  values: Record<string, unknown>;
}

/** Relative path (always `/`-separated) → sha256 of the content (of the target path, for a link). */
export type FileHashes = Record<string, string>;

/**
 * Never sources: installed packages, build output, lambdaform's own state, version control,
 * virtualenvs and tool caches. Skipped at any depth, so a nested node_modules is skipped too.
 */
const notSources = new Set(["node_modules", "dist", "cdktf.out", ".lambdaform", ".git", ".venv", ".terraform", "__pycache__", ".pytest_cache", ".ruff_cache"]);

/** Every source file of the project, hashed once per verify run (steps share it). */
const sourceCache = new Map<string, FileHashes>();

export function projectSources(dir: string): FileHashes {
  let hashes = sourceCache.get(dir);
  if (!hashes) {
    hashes = hashTree(dir, (rel) => !notSources.has(path.posix.basename(rel)));
    sourceCache.set(dir, hashes);
  }
  return hashes;
}

/** Forgets the hashed sources, so the next run sees edits made since (called at each run's start). */
export function forgetSources(dir: string): void {
  sourceCache.delete(dir);
}

/** Files of a folder of the project (build output: dist/, cdktf.out/), hashed now. */
export function outputFiles(dir: string, folder: string): FileHashes {
  const root = path.join(dir, folder);
  if (!existsSync(root)) return {};
  const inside = hashTree(root, () => true);
  return Object.fromEntries(Object.entries(inside).map(([rel, hash]) => [`${folder}/${rel}`, hash]));
}

/** The entries of `files` that `keep` accepts. */
export function only(files: FileHashes, keep: (rel: string) => boolean): FileHashes {
  return Object.fromEntries(Object.entries(files).filter(([rel]) => keep(rel)));
}

/** Test files of either language: a change to one reruns typecheck and tests, never the package. */
export function isTestFile(rel: string): boolean {
  const name = path.posix.basename(rel);
  return /\.test\.[cm]?[jt]s$/.test(name) || /^test_.*\.py$|_test\.py$|^conftest\.py$/.test(name) || rel.startsWith("tests/") || rel.startsWith("src/testing/");
}

/** What the installed packages are: npm's record of node_modules, else the lockfile, else nothing. */
export function installedPackages(dir: string): string {
  for (const file of ["node_modules/.package-lock.json", "package-lock.json"]) {
    const full = path.join(dir, file);
    if (existsSync(full)) return `${file}:${sha256(readFileSync(full))}`;
  }
  return existsSync(path.join(dir, "node_modules")) ? "node_modules without a lockfile" : "no node_modules";
}

/** The lockfile a step depends on (absent is a value too: adding one changes the key). */
export function lockfile(dir: string): string {
  const file = path.join(dir, "package-lock.json");
  return existsSync(file) ? sha256(readFileSync(file)) : "none";
}

let ownCode: string | undefined;

/**
 * lambdaform's own verify code: a new lambdaform with other checks or rules must not be
 * answered by results of the old one.
 */
export function verifierVersion(): string {
  ownCode ??= sha256(JSON.stringify(hashTree(verifyCodeDir(), () => true)));
  return ownCode;
}

/**
 * This folder's parent (src/verify or its compiled copy); in the build's bundle of the bins
 * (bundle-bins.ts), where this code sits in one of its files, the whole bundle.
 */
function verifyCodeDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  if (path.basename(here) === "cache") return path.dirname(here);
  return path.basename(here) === "chunks" ? path.dirname(here) : here;
}

/** The cache key: a hash of the step, its files and its values. */
export function cacheKey(step: string, inputs: StepInputs): string {
  const files = Object.entries(inputs.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sha256(JSON.stringify({ step, verifier: verifierVersion(), node: process.version, values: inputs.values, files }));
}

/** A hash of everything in a step's inputs but its files: two runs with the same base differ only in files. */
export function inputsBase(step: string, inputs: StepInputs): string {
  return sha256(JSON.stringify({ step, verifier: verifierVersion(), node: process.version, values: inputs.values }));
}

/** What changed between two sets of file hashes: paths added or edited, and paths removed. */
export interface FileChanges {
  changed: string[];
  removed: string[];
}

export function fileChanges(before: FileHashes, now: FileHashes): FileChanges {
  return {
    changed: Object.keys(now).filter((rel) => before[rel] !== now[rel]).sort(),
    removed: Object.keys(before).filter((rel) => !(rel in now)).sort(),
  };
}

export function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Hashes every file under `root` that `enter` accepts (with the folders it accepts); links are hashed by target, never followed. */
function hashTree(root: string, enter: (rel: string) => boolean): FileHashes {
  const hashes: FileHashes = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join("/");
      if (entry.isDirectory()) {
        if (enter(rel)) walk(full);
      } else if (entry.isSymbolicLink()) {
        if (enter(rel)) hashes[rel] = `link:${readlinkSync(full)}`;
      } else if (entry.isFile()) {
        hashes[rel] = sha256(readFileSync(full));
      }
    }
  };
  walk(root);
  return hashes;
}
