import { randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { userCacheDir } from "../../paths.js";
import { sha256 } from "./inputs.js";

/**
 * node_modules trees installed before, one per set of dependencies, kept for this user
 * ($XDG_CACHE_HOME/lambdaform/installs). A project without node_modules gets an earlier install
 * of the same dependencies as hard links, as pnpm does on filesystems without reflinks: a third
 * of a second where npm unpacks 600 MB again in 15. The lockfile npm wrote for that install comes
 * with it when the project has none. `npm install` still runs after it: it finds the tree up to
 * date in under a second and puts the project's own name in the lockfile, so npm, not this
 * store, has the last word on what is installed.
 *
 * A linked file is the same file in the store and in every project linked from it, so one
 * changed in place (a patch written into node_modules) changes it for all of them. Each entry
 * keeps every file's size and modification time; an entry whose files no longer match is
 * dropped, never linked again. npm's own record (node_modules/.package-lock.json), which npm
 * rewrites in place, is copied, not linked.
 */

/** Entries kept: the most recently used; older ones are removed when a new one is stored. */
const keptEntries = 3;
const manifestFile = "manifest.json";
/** npm rewrites this one in place: every project gets its own copy. */
const npmRecord = ".package-lock.json";

/** A file (size, mtime), a folder, or a symbolic link (its target), by path inside node_modules. */
type Entry = ["f", string, number, number] | ["d", string] | ["l", string, string];

interface Manifest {
  key: string;
  entries: Entry[];
}

const storeRoot = () => userCacheDir("installs");

/**
 * What an install of this project depends on, or undefined when the store cannot stand for it:
 * a dependency that is not a registry version (a folder, git, a URL, a workspace) can change
 * without package.json changing. The npm settings in the project's .npmrc, Node's module ABI
 * and the platform are part of the key; so is the lockfile, when there is one.
 */
export function installKey(dir: string): string | undefined {
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  } catch {
    return undefined;
  }
  if (manifest.workspaces !== undefined) return undefined;
  const groups = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"].map((group) => manifest[group] ?? {});
  if (!groups.every((deps) => typeof deps === "object" && deps !== null && Object.values(deps).every(isRegistrySpec))) return undefined;
  const read = (file: string) => (existsSync(path.join(dir, file)) ? sha256(readFileSync(path.join(dir, file))) : null);
  return sha256(
    JSON.stringify({
      groups,
      overrides: manifest.overrides ?? null,
      npmrc: read(".npmrc"),
      lockfile: lockedPackages(dir),
      modules: process.versions.modules,
      platform: `${process.platform}-${process.arch}`,
    }),
  ).slice(0, 32);
}

/**
 * A version or a range of the registry, optionally behind an npm: alias. Not a dist-tag
 * (`latest` moves without package.json changing), nor anything that names a place (a folder,
 * git, a URL, a workspace).
 */
function isRegistrySpec(spec: unknown): boolean {
  if (typeof spec !== "string") return false;
  const range = spec.trim().replace(/^npm:(@[^/@\s]+\/)?[^/@\s]+@/, "");
  return /^[\d^~<>=*xX]/.test(range) && !/[:/\\]/.test(range);
}

/** The lockfile's packages without the project's own entry (its name and version are not the install's). */
function lockedPackages(dir: string): string | null {
  try {
    const lock = JSON.parse(readFileSync(path.join(dir, "package-lock.json"), "utf8")) as { packages?: Record<string, unknown> };
    const { "": _root, ...packages } = lock.packages ?? {};
    return sha256(JSON.stringify(packages));
  } catch {
    return existsSync(path.join(dir, "package-lock.json")) ? "unreadable" : null;
  }
}

/**
 * Links the stored install for `key` into `dir/node_modules`, which must not exist. True when
 * it did; false (and nothing left behind) when there is no such entry, it was changed since it
 * was stored (then it is removed), or links cannot be made here (another filesystem).
 */
export function linkFromStore(dir: string, key: string): boolean {
  const entry = path.join(storeRoot(), key);
  const manifest = readManifest(entry, key);
  if (!manifest) return false;
  const source = path.join(entry, "node_modules");
  if (!unchanged(source, manifest)) {
    removeQuietly(entry);
    return false;
  }
  const target = path.join(dir, "node_modules");
  const partial = `${target}.lambdaform-${randomBytes(4).toString("hex")}`;
  try {
    materialize(source, partial, manifest.entries);
    renameSync(partial, target);
  } catch {
    removeQuietly(partial);
    return false;
  }
  // Without it npm would write a lockfile from the tree alone, which lacks most integrity hashes.
  const lockfile = path.join(dir, "package-lock.json");
  if (!existsSync(lockfile) && existsSync(path.join(entry, "package-lock.json"))) copyFileSync(path.join(entry, "package-lock.json"), lockfile);
  touch(entry);
  return true;
}

/**
 * Keeps `dir/node_modules`, just installed for `key`, in the store (as links: no second copy on
 * disk) unless an entry exists. Any failure leaves the store as it was: this is only a cache.
 */
export function saveToStore(dir: string, key: string): void {
  const root = storeRoot();
  const entry = path.join(root, key);
  if (existsSync(path.join(entry, manifestFile))) return;
  const source = path.join(dir, "node_modules");
  const partial = path.join(root, `.partial-${key}-${randomBytes(4).toString("hex")}`);
  try {
    const entries = walk(source);
    // A link out of node_modules (a package npm linked from a folder) would point elsewhere from the store.
    if (entries.some((e) => e[0] === "l" && escapes(e[1], e[2]))) return;
    materialize(source, path.join(partial, "node_modules"), entries);
    // Hard links share their file's size and time, so the source's walk is the copy's (npm's
    // record, copied, is never compared): no second walk of tens of thousands of files.
    // The lockfile npm wrote for this install (its root entry is the project's; npm rewrites that).
    if (existsSync(path.join(dir, "package-lock.json"))) copyFileSync(path.join(dir, "package-lock.json"), path.join(partial, "package-lock.json"));
    writeFileSync(path.join(partial, manifestFile), JSON.stringify({ key, entries } satisfies Manifest));
    renameSync(partial, entry);
  } catch {
    removeQuietly(partial);
    return;
  }
  prune(root, entry);
}

/**
 * Caches tools write into node_modules as they run (vitest's `.vite`, Babel's `.cache`): left
 * from an earlier run when npm installs again. Never stored: a linked one would be rewritten in
 * place by the next run of the tool in any project, and the entry then dropped as changed.
 */
const toolCache = (name: string) => name.startsWith(".vite") || name === ".cache";

/** Every folder, file and link under `root`, parents first (tool caches at its top left out). */
function walk(root: string): Entry[] {
  const entries: Entry[] = [];
  const visit = (rel: string) => {
    for (const name of readdirSync(path.join(root, rel)).sort()) {
      if (rel === "" && toolCache(name)) continue;
      const child = rel ? `${rel}/${name}` : name;
      const stat = lstatSync(path.join(root, child));
      if (stat.isSymbolicLink()) entries.push(["l", child, readlinkSync(path.join(root, child))]);
      else if (stat.isDirectory()) {
        entries.push(["d", child]);
        visit(child);
      } else if (stat.isFile()) entries.push(["f", child, stat.size, stat.mtimeMs]);
      else throw new Error(`${child} is neither a file, a folder nor a link`);
    }
  };
  visit("");
  return entries;
}

/** Builds `target` from `source`: folders made, files hard-linked (npm's record copied), links copied. */
function materialize(source: string, target: string, entries: readonly Entry[]): void {
  mkdirSync(target, { recursive: true });
  for (const entry of entries) {
    const to = path.join(target, entry[1]);
    if (entry[0] === "d") mkdirSync(to);
    else if (entry[0] === "l") symlinkSync(entry[2], to);
    else if (entry[1] === npmRecord) copyFileSync(path.join(source, entry[1]), to);
    else linkSync(path.join(source, entry[1]), to);
  }
}

/** True while every stored file has the size and modification time it was stored with. */
function unchanged(source: string, manifest: Manifest): boolean {
  try {
    return manifest.entries.every((e) => {
      if (e[0] !== "f" || e[1] === npmRecord) return true;
      const stat = statSync(path.join(source, e[1]));
      return stat.size === e[2] && stat.mtimeMs === e[3];
    });
  } catch {
    return false;
  }
}

function readManifest(entry: string, key: string): Manifest | undefined {
  try {
    const manifest = JSON.parse(readFileSync(path.join(entry, manifestFile), "utf8")) as Manifest;
    return manifest.key === key && Array.isArray(manifest.entries) ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** A symbolic link whose target leaves node_modules. */
function escapes(rel: string, target: string): boolean {
  if (path.isAbsolute(target)) return true;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(rel), target));
  return resolved === ".." || resolved.startsWith("../");
}

/** Marks an entry as just used (the manifest's time orders entries for pruning). */
function touch(entry: string): void {
  try {
    const now = new Date();
    utimesSync(path.join(entry, manifestFile), now, now);
  } catch {
    // Only the pruning order suffers.
  }
}

/** Removes all but the most recently used entries, and partial ones a killed run left. */
function prune(root: string, keep: string): void {
  try {
    const entries = readdirSync(root)
      .map((name) => path.join(root, name))
      .filter((entry) => entry !== keep);
    const used = (entry: string) => {
      try {
        return statSync(path.join(entry, manifestFile)).mtimeMs;
      } catch {
        return -1;
      }
    };
    const stale = entries.filter((entry) => path.basename(entry).startsWith(".partial-") && Date.now() - lstatSync(entry).mtimeMs > 3_600_000);
    const complete = entries.filter((entry) => !path.basename(entry).startsWith(".partial-")).sort((a, b) => used(b) - used(a));
    for (const entry of [...stale, ...complete.slice(keptEntries - 1)]) removeQuietly(entry);
  } catch {
    // Pruning is housekeeping: a failure keeps an entry longer.
  }
}

function removeQuietly(target: string): void {
  try {
    rmSync(target, { recursive: true, force: true });
  } catch {
    // Left for the next prune.
  }
}
