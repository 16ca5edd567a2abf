import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { installState, readInstallRecord, recordInstall, sameState } from "../src/verify/cache/install-record.js";
import { installKey, saveToStore } from "../src/verify/cache/install-store.js";
import { verifyProject } from "../src/verify/run.js";
import { recordingIo } from "./support/io.js";
import { generateProject, removeTempDirs, tempDir } from "./support/project.js";
import { sharedNodeModules } from "./support/shared-install.js";

afterAll(removeTempDirs);

/** A folder with the three files an install depends on and leaves, as npm writes them. */
function installed(): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, "package.json"), '{ "name": "svc", "dependencies": { "left-pad": "1.3.0" } }\n');
  writeFileSync(path.join(dir, "package-lock.json"), '{ "name": "svc", "lockfileVersion": 3, "packages": {} }\n');
  mkdirSync(path.join(dir, "node_modules"));
  writeFileSync(path.join(dir, "node_modules/.package-lock.json"), '{ "name": "svc", "lockfileVersion": 3, "packages": {} }\n');
  return dir;
}

const matches = (dir: string) => sameState(installState(dir)!, readInstallRecord(dir));

describe("the install skip", () => {
  it("skips only while package.json, the lockfile and node_modules are as the last install left them", () => {
    const dir = installed();
    expect(matches(dir)).toBe(false); // never installed by verify: no record
    recordInstall(dir);
    expect(matches(dir)).toBe(true);
    for (const file of ["package.json", "package-lock.json", "node_modules/.package-lock.json"]) {
      const changed = tempDir();
      cpSync(dir, changed, { recursive: true });
      appendFileSync(path.join(changed, file), "\n");
      expect(matches(changed), file).toBe(false);
    }
  });

  it("never skips without a lockfile or npm's record of node_modules", () => {
    const dir = installed();
    recordInstall(dir);
    rmSync(path.join(dir, "node_modules/.package-lock.json"));
    expect(installState(dir)).toBeUndefined();
  });

  it("verify skips npm install on a project whose node_modules matches, and says so", async () => {
    const dir = await generateProject("skip-svc");
    // The shared packages linked one by one, so nothing could reach the shared folder itself.
    const shared = await sharedNodeModules();
    rmSync(path.join(dir, "node_modules"));
    mkdirSync(path.join(dir, "node_modules"));
    for (const entry of readdirSync(shared)) symlinkSync(path.join(shared, entry), path.join(dir, "node_modules", entry));
    cpSync(path.join(shared, "..", "package-lock.json"), path.join(dir, "package-lock.json"));
    recordInstall(dir);
    const report = await verifyProject({ dir, install: true, onlyInstall: true, io: recordingIo(), json: true });
    expect(report.steps).toEqual([
      expect.objectContaining({ id: "install", status: "passed", detail: "npm install skipped: node_modules matches package.json and package-lock.json as installed last time" }),
    ]);
  });

  it("verify links an earlier install of the same dependencies from the user's install cache, and npm finishes it", async () => {
    const dir = await generateProject("store-svc");
    rmSync(path.join(dir, "node_modules"), { recursive: true, force: true });
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = tempDir();
    try {
      // The shared install holds this project's dependencies and more, with its own lockfile.
      const shared = await sharedNodeModules();
      saveToStore(path.dirname(shared), installKey(dir)!);
      const report = await verifyProject({ dir, install: true, onlyInstall: true, io: recordingIo(), json: true });
      expect(report.steps).toEqual([
        expect.objectContaining({ id: "install", status: "passed", detail: expect.stringMatching(/^node_modules linked from lambdaform's install cache, then npm: (removed|up to date)/) }),
      ]);
      expect(statSync(path.join(dir, "node_modules/cdktf/package.json")).nlink).toBeGreaterThan(1);
      // npm had the last word: the lockfile is the project's, and what it does not use is gone from its node_modules only.
      expect(JSON.parse(readFileSync(path.join(dir, "package-lock.json"), "utf8")).name).toBe("store-svc");
      expect(existsSync(path.join(dir, "node_modules/cdktn"))).toBe(false);
      expect(existsSync(path.join(shared, "cdktn/package.json"))).toBe(true);
      expect(matches(dir)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });
});
