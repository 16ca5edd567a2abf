import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { installKey, linkFromStore, saveToStore } from "../src/verify/cache/install-store.js";
import { removeTempDirs, tempDir } from "./support/project.js";

afterAll(removeTempDirs);

let savedCache: string | undefined;
let store: string;
beforeEach(() => {
  savedCache = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = tempDir();
  store = path.join(process.env.XDG_CACHE_HOME, "lambdaform", "installs");
});
afterEach(() => {
  if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCache;
});

const manifest = { name: "svc", version: "0.1.0", scripts: { test: "vitest run" }, dependencies: { cdktf: "0.21.0" }, devDependencies: { vitest: "^4.1.0" } };

function project(overrides: Record<string, unknown> = {}, lockfile?: object): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ ...manifest, ...overrides }));
  if (lockfile) writeFileSync(path.join(dir, "package-lock.json"), JSON.stringify(lockfile));
  return dir;
}

/** A project as npm leaves it: packages, a bin link, npm's own record and the lockfile. */
function installed(): string {
  const dir = project();
  const modules = path.join(dir, "node_modules");
  mkdirSync(path.join(modules, "cdktf", "lib"), { recursive: true });
  writeFileSync(path.join(modules, "cdktf", "package.json"), '{ "name": "cdktf", "version": "0.21.0" }');
  writeFileSync(path.join(modules, "cdktf", "lib", "index.js"), "export const app = 1;\n");
  mkdirSync(path.join(modules, ".bin"));
  symlinkSync("../cdktf/lib/index.js", path.join(modules, ".bin", "cdktf"));
  writeFileSync(path.join(modules, ".package-lock.json"), '{ "name": "svc", "packages": {} }');
  writeFileSync(path.join(dir, "package-lock.json"), JSON.stringify({ name: "svc", lockfileVersion: 3, packages: { "": { name: "svc" }, "node_modules/cdktf": { version: "0.21.0", integrity: "sha512-x" } } }));
  return dir;
}

describe("the install store's key", () => {
  it("is the dependencies, not the project: another name, version or script shares it", () => {
    const key = installKey(project());
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(installKey(project({ name: "other", version: "2.0.0", scripts: {} }))).toBe(key);
  });

  it("changes with any dependency, override, the project's .npmrc or the locked packages", () => {
    const key = installKey(project());
    expect(installKey(project({ dependencies: { cdktf: "0.21.1" } }))).not.toBe(key);
    expect(installKey(project({ devDependencies: { vitest: "^4.1.0", esbuild: "0.27.7" } }))).not.toBe(key);
    expect(installKey(project({ overrides: { undici: "6.0.0" } }))).not.toBe(key);
    const npmrc = project();
    writeFileSync(path.join(npmrc, ".npmrc"), "registry=https://npm.example.com/\n");
    expect(installKey(npmrc)).not.toBe(key);
    const locked = installKey(project({}, { name: "svc", packages: { "": { name: "svc" }, "node_modules/cdktf": { version: "0.21.0" } } }));
    expect(locked).not.toBe(key);
    // The lockfile's root entry is the project's own: renaming the project keeps the key.
    expect(installKey(project({}, { name: "renamed", packages: { "": { name: "renamed" }, "node_modules/cdktf": { version: "0.21.0" } } }))).toBe(locked);
    expect(installKey(project({}, { name: "svc", packages: { "": { name: "svc" }, "node_modules/cdktf": { version: "0.21.1" } } }))).not.toBe(locked);
  });

  it("is none when a dependency can change without package.json changing", () => {
    for (const spec of ["file:../lib", "link:../lib", "git+https://example.com/x.git", "github:org/repo", "org/repo", "https://example.com/x.tgz", "latest", "workspace:*", "./lib"]) {
      expect(installKey(project({ dependencies: { x: spec } })), spec).toBeUndefined();
    }
    expect(installKey(project({ workspaces: ["packages/*"] }))).toBeUndefined();
    expect(installKey(project({ dependencies: { x: "npm:@scope/y@1.2.3" } }))).toMatch(/^[0-9a-f]{32}$/);
    expect(installKey(tempDir())).toBeUndefined();
  });
});

describe("the install store", () => {
  it("links a stored install into a project without node_modules, with its lockfile, npm's record copied", () => {
    const first = installed();
    const key = installKey(first)!;
    saveToStore(first, key);
    expect(readdirSync(store)).toEqual([key]);

    const next = project({ name: "next" });
    expect(linkFromStore(next, key)).toBe(true);
    const file = (dir: string, rel: string) => path.join(dir, "node_modules", rel);
    expect(readFileSync(file(next, "cdktf/lib/index.js"), "utf8")).toBe("export const app = 1;\n");
    // The same file as the first project's and the store's, not a copy.
    expect(statSync(file(next, "cdktf/lib/index.js")).ino).toBe(statSync(file(first, "cdktf/lib/index.js")).ino);
    expect(statSync(file(next, "cdktf/lib/index.js")).nlink).toBe(3);
    expect(readlinkSync(file(next, ".bin/cdktf"))).toBe("../cdktf/lib/index.js");
    expect(statSync(file(next, ".package-lock.json")).ino).not.toBe(statSync(file(first, ".package-lock.json")).ino);
    expect(readFileSync(path.join(next, "package-lock.json"), "utf8")).toBe(readFileSync(path.join(first, "package-lock.json"), "utf8"));
    expect(readdirSync(next).filter((name) => name.includes("lambdaform"))).toEqual([]);

    // A project with its own lockfile keeps it.
    const own = project({}, { name: "own", packages: {} });
    expect(linkFromStore(own, key)).toBe(true);
    expect(JSON.parse(readFileSync(path.join(own, "package-lock.json"), "utf8"))).toEqual({ name: "own", packages: {} });
  });

  it("drops an entry whose files were changed in place instead of linking it", () => {
    const first = installed();
    const key = installKey(first)!;
    saveToStore(first, key);
    // A patch written into the first project's node_modules is written into the store's file too.
    appendFileSync(path.join(first, "node_modules/cdktf/lib/index.js"), "// patched\n");
    const next = project();
    expect(linkFromStore(next, key)).toBe(false);
    expect(existsSync(path.join(next, "node_modules"))).toBe(false);
    expect(readdirSync(store)).toEqual([]);
  });

  it("has nothing to link for an unknown key, and stores no tree with a link out of node_modules", () => {
    expect(linkFromStore(project(), "0".repeat(32))).toBe(false);
    const linked = installed();
    symlinkSync("../../lib", path.join(linked, "node_modules", "local-lib"));
    saveToStore(linked, installKey(linked)!);
    expect(existsSync(store) ? readdirSync(store) : []).toEqual([]);
  });

  it("leaves out the caches tools wrote into node_modules before npm installed again", () => {
    const first = installed();
    for (const cache of [".vite/vitest/results.json", ".vite-temp/config.mjs", ".cache/babel/x.json"]) {
      mkdirSync(path.dirname(path.join(first, "node_modules", cache)), { recursive: true });
      writeFileSync(path.join(first, "node_modules", cache), "{}");
    }
    const key = installKey(first)!;
    saveToStore(first, key);
    const next = project();
    expect(linkFromStore(next, key)).toBe(true);
    expect(readdirSync(path.join(next, "node_modules")).sort()).toEqual([".bin", ".package-lock.json", "cdktf"]);
  });

  it("keeps the three most recently used entries", () => {
    const [a, b, c, d] = ["a", "b", "c", "d"].map((letter) => letter.repeat(32)) as [string, string, string, string];
    for (const [i, key] of [a, b, c].entries()) {
      saveToStore(installed(), key);
      const used = new Date(Date.now() - (10 - i) * 60_000);
      utimesSync(path.join(store, key, "manifest.json"), used, used);
    }
    // "a" is used again: "b" is now the least recently used, and goes when "d" comes.
    expect(linkFromStore(project(), a)).toBe(true);
    saveToStore(installed(), d);
    expect(readdirSync(store).sort()).toEqual([a, c, d]);
  });
});
