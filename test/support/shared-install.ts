import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { nodePackageVersions } from "../../src/catalog/versions.js";
import { packageRoot } from "../../src/paths.js";

/**
 * One `npm install` of every pinned package (the superset any generated project needs), shared
 * by all test files: generated projects get a `node_modules` symlink to it. Keyed by a hash of
 * the versions, so bumping src/catalog/versions.ts installs afresh. Safe across concurrent test
 * files and processes: one installs under a lock, the others wait for its `complete` marker.
 *
 * LAMBDAFORM_DEPS_CACHE moves the cache (default: <repo>/.cache/generated-deps, gitignored).
 */
const cacheRoot = process.env.LAMBDAFORM_DEPS_CACHE ?? path.join(packageRoot, ".cache", "generated-deps");
const staleLockMs = 10 * 60_000;
const waitLimitMs = 10 * 60_000;

function versionsKey(): string {
  const sorted = Object.fromEntries(Object.entries(nodePackageVersions).sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex").slice(0, 16);
}

/** The shared node_modules folder, installed on first use. */
export async function sharedNodeModules(): Promise<string> {
  const home = path.join(cacheRoot, versionsKey());
  const marker = path.join(home, "complete");
  const nodeModules = path.join(home, "node_modules");
  const deadline = Date.now() + waitLimitMs;
  while (!existsSync(marker)) {
    if (takeLock(`${home}.lock`)) {
      try {
        if (!existsSync(marker)) await install(home);
      } finally {
        rmSync(`${home}.lock`, { recursive: true, force: true });
      }
      break;
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for the shared install in ${home} (lock ${home}.lock)`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return nodeModules;
}

/** Gives a generated project the shared dependencies, as `npm install` would have. */
export async function linkSharedDeps(projectDir: string): Promise<void> {
  symlinkSync(await sharedNodeModules(), path.join(projectDir, "node_modules"), "dir");
}

/** mkdir is atomic: whoever creates the lock folder installs. A lock of a dead or stalled installer is broken. */
function takeLock(lock: string): boolean {
  mkdirSync(path.dirname(lock), { recursive: true });
  try {
    mkdirSync(lock);
    writeFileSync(path.join(lock, "pid"), String(process.pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    if (lockIsStale(lock)) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

function lockIsStale(lock: string): boolean {
  try {
    if (Date.now() - statSync(lock).mtimeMs > staleLockMs) return true;
    const pid = Number(readFileSync(path.join(lock, "pid"), "utf8"));
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // No pid file yet (the owner is between mkdir and write): not stale. A dead pid: stale.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

async function install(home: string): Promise<void> {
  const staging = `${home}.staging-${process.pid}`;
  // We hold the lock: staging folders left by installers that died are garbage.
  const prefix = `${path.basename(home)}.staging-`;
  for (const entry of readdirSync(path.dirname(home))) {
    if (entry.startsWith(prefix)) rmSync(path.join(path.dirname(home), entry), { recursive: true, force: true });
  }
  mkdirSync(staging, { recursive: true });
  const manifest = { name: "lambdaform-generated-deps", private: true, type: "module", dependencies: nodePackageVersions };
  writeFileSync(path.join(staging, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  await execa("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: staging, stdin: "ignore" });
  writeFileSync(path.join(staging, "complete"), new Date().toISOString() + "\n");
  rmSync(home, { recursive: true, force: true });
  renameSync(staging, home);
}
