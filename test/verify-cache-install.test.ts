import { appendFileSync, cpSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { installState, readInstallRecord, recordInstall, sameState } from "../src/verify/cache/install-record.js";
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
});
