import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PackRecord } from "../manifest/manifest.js";
import { userCacheDir } from "../paths.js";
import { packError, type PackOrigin } from "./pack.js";

/** A pack located on disk, and how lambdaform.json should say where it came from. */
export interface ResolvedPack {
  dir: string;
  origin: PackOrigin;
}

/** `@acme/lambdaform-pack@2.1.0` → name and version (or range/tag); undefined when it is not a package name. */
export function parseNpmSpec(spec: string): { name: string; version?: string } | undefined {
  const match = /^((?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*)(?:@([^@\s/]+))?$/.exec(spec);
  // npm's own limit: a longer "name" is a mistake, not something to ask the registry about.
  return match && match[1]!.length <= 214 && (match[2]?.length ?? 0) <= 256 ? { name: match[1]!, version: match[2] } : undefined;
}

/** A folder when it looks like a path or exists as one; else an npm package name. */
export function looksLikeFolder(spec: string, cwd: string): boolean {
  return /^(\.{1,2}([\\/]|$)|[\\/~]|[a-zA-Z]:[\\/])/.test(spec) || existsSync(path.resolve(cwd, spec)) || !parseNpmSpec(spec);
}

/** Where packs installed from npm are kept: LAMBDAFORM_PACK_CACHE, else ~/.cache/lambdaform/packs. */
export function packCacheDir(): string {
  return process.env.LAMBDAFORM_PACK_CACHE ?? userCacheDir("packs");
}

/**
 * Finds the pack `spec` names, from `cwd`: a folder as it is; an npm package in the
 * node_modules of `cwd` or a folder above it, then in the user's global packages, then in the
 * cache, else installed into the cache with npm (scripts off: a pack is templates and data).
 * An installed package is used only when its version is the one asked for (any, without one).
 * A path to a tarball (`npm pack`'s .tgz) is installed into the cache like a package.
 */
export async function resolvePack(spec: string, cwd: string): Promise<ResolvedPack> {
  const tarball = /\.(tgz|tar\.gz)$/.test(spec) ? path.resolve(cwd, spec) : undefined;
  if (!tarball && looksLikeFolder(spec, cwd)) return { dir: path.resolve(cwd, spec.replace(/^~(?=$|[\\/])/, os.homedir())), origin: { kind: "folder" } };
  if (tarball) return installIntoCache(tarball, spec);
  const { name, version } = parseNpmSpec(spec)!;
  const origin: PackOrigin = { kind: "npm", package: name };
  for (const root of [...nodeModulesAbove(cwd), await globalRoot()]) {
    const installed = root ? installedVersion(path.join(root, name)) : undefined;
    if (installed !== undefined && (!version || installed === version)) return { dir: path.join(root!, name), origin };
  }
  // An exact version in the cache is final; a tag or range is looked up again.
  const cached = version && /^\d+\.\d+\.\d+/.test(version) ? cachedPack(name, version) : undefined;
  if (cached) return { dir: cached, origin };
  return installIntoCache(spec, spec);
}

/** Where the cache keeps one version of a package: `<cache>/<name>@<version>/node_modules/<name>`. */
function cachedPack(name: string, version: string): string | undefined {
  const dir = path.join(packCacheDir(), `${name.replace("/", "+")}@${version}`, "node_modules", name);
  return installedVersion(dir) === version ? dir : undefined;
}

/**
 * npm installs `spec` (a package spec or a tarball; scripts off: a pack is templates and data)
 * into a scratch prefix in the cache, which is then kept under the name and exact version npm
 * installed, where `add` and `verify` find that version again without npm.
 */
async function installIntoCache(spec: string, shown: string): Promise<ResolvedPack> {
  const cache = packCacheDir();
  mkdirSync(cache, { recursive: true });
  const scratch = mkdtempSync(path.join(cache, ".installing-"));
  try {
    writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ name: "lambdaform-pack-cache", private: true }));
    const { execa } = await import("execa");
    const npm = await execa("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error", spec], {
      cwd: scratch,
      reject: false,
      env: { npm_config_update_notifier: "false" },
    });
    const name = installedName(scratch);
    const version = name && installedVersion(path.join(scratch, "node_modules", name));
    if (npm.exitCode !== 0 || !name || version === undefined) {
      const reason = String(npm.stderr || npm.stdout).split("\n").find((line) => line.trim() && !/^npm (ERR!|error)( *$| code )/.test(line.trim())) ?? `npm exited ${npm.exitCode}`;
      // A bare word may have been meant as a folder: say that there is none either.
      const folder = /^[a-z0-9][a-z0-9._~-]*$/.test(shown) ? `; there is no folder ${shown} either` : "";
      throw packError(shown, `npm could not install it (${reason.replace(/^npm (ERR!|error) */, "").trim()})${folder}`);
    }
    const home = path.join(cache, `${name.replace("/", "+")}@${version}`);
    if (!cachedPack(name, version)) {
      rmSync(home, { recursive: true, force: true });
      renameSync(scratch, home);
    }
    return { dir: path.join(home, "node_modules", name), origin: { kind: "npm", package: name } };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The package npm installed into a scratch prefix: the one dependency its package.json now has. */
function installedName(prefix: string): string | undefined {
  try {
    return Object.keys(JSON.parse(readFileSync(path.join(prefix, "package.json"), "utf8")).dependencies ?? {})[0];
  } catch {
    return undefined;
  }
}

/** The folder of a pack recorded in a project's lambdaform.json, installing it again when needed. */
export async function recordedPackDir(record: PackRecord, projectDir: string): Promise<string> {
  if ("folder" in record.source) return path.resolve(projectDir, record.source.folder);
  const spec = record.version ? `${record.source.npm}@${record.version}` : record.source.npm;
  return (await resolvePack(spec, projectDir)).dir;
}

function nodeModulesAbove(dir: string): string[] {
  const roots: string[] = [];
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    roots.push(path.join(at, "node_modules"));
    if (path.dirname(at) === at) return roots;
  }
}

let globalRootCache: Promise<string | undefined> | undefined;

function globalRoot(): Promise<string | undefined> {
  globalRootCache ??= import("execa").then(({ execa }) => execa("npm", ["root", "-g"], { reject: false })).then((r) => (r.exitCode === 0 ? r.stdout.trim() : undefined));
  return globalRootCache;
}

function installedVersion(dir: string): string | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version ?? "";
  } catch {
    return undefined;
  }
}
