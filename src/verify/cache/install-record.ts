import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sha256 } from "./inputs.js";
import { cacheFolder } from "./store.js";

/**
 * What an install depends on and what it left: package.json and package-lock.json, and npm's
 * own record of node_modules (`node_modules/.package-lock.json`, rewritten by every npm
 * command that changes node_modules). Recorded after each successful `npm install`; while all
 * three and Node's version are unchanged, installing again would change nothing.
 */
export interface InstallState {
  node: string;
  packageJson: string;
  lockfile: string;
  installed: string;
}

const recordFile = (dir: string) => path.join(dir, cacheFolder, "install.json");

/** The project's state now, or undefined when any part is absent (never installed: never skipped). */
export function installState(dir: string): InstallState | undefined {
  const files = ["package.json", "package-lock.json", "node_modules/.package-lock.json"].map((f) => path.join(dir, f));
  if (!files.every((f) => existsSync(f))) return undefined;
  const [packageJson, lockfile, installed] = files.map((f) => sha256(readFileSync(f)));
  return { node: process.version, packageJson: packageJson!, lockfile: lockfile!, installed: installed! };
}

export function readInstallRecord(dir: string): InstallState | undefined {
  try {
    return JSON.parse(readFileSync(recordFile(dir), "utf8")) as InstallState;
  } catch {
    return undefined;
  }
}

export function sameState(a: InstallState, b: InstallState | undefined): boolean {
  return b !== undefined && a.node === b.node && a.packageJson === b.packageJson && a.lockfile === b.lockfile && a.installed === b.installed;
}

/** Called after a successful install; a project without a lockfile (npm install --no-package-lock) gets no record. */
export function recordInstall(dir: string): void {
  const state = installState(dir);
  if (!state) return;
  try {
    const file = recordFile(dir);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2) + "\n");
    renameSync(`${file}.tmp`, file);
  } catch {
    // Unwritable: the next verify installs again, nothing worse.
  }
}
