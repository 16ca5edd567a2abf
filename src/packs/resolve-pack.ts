import { existsSync, mkdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import type { PackRecord } from "../manifest/manifest.js";
import { packError, type PackOrigin } from "./pack.js";

/** A pack located on disk, and how lambdaform.json should say where it came from. */
export interface ResolvedPack {
  dir: string;
  origin: PackOrigin;
}

/** `@acme/lambdaform-pack@2.1.0` → name and version (or range/tag); undefined when it is not a package name. */
export function parseNpmSpec(spec: string): { name: string; version?: string } | undefined {
  const match = /^((?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*)(?:@([^@\s/]+))?$/.exec(spec);
  return match ? { name: match[1]!, version: match[2] } : undefined;
}

/** A folder when it looks like a path or exists as one; else an npm package name. */
export function looksLikeFolder(spec: string, cwd: string): boolean {
  return /^(\.{1,2}([\\/]|$)|[\\/~]|[a-zA-Z]:[\\/])/.test(spec) || existsSync(path.resolve(cwd, spec)) || !parseNpmSpec(spec);
}

/** Where packs installed from npm are kept: LAMBDAFORM_PACK_CACHE, else ~/.cache/lambdaform/packs. */
export function packCacheDir(): string {
  return process.env.LAMBDAFORM_PACK_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "lambdaform", "packs");
}

/**
 * Finds the pack `spec` names, from `cwd`: a folder as it is; an npm package in the
 * node_modules of `cwd` or a folder above it, then in the user's global packages, then in the
 * cache, else installed into the cache with npm (scripts off: a pack is templates and data).
 * An installed package is used only when its version is the one asked for (any, without one).
 */
export async function resolvePack(spec: string, cwd: string): Promise<ResolvedPack> {
  if (looksLikeFolder(spec, cwd)) return { dir: path.resolve(cwd, spec.replace(/^~(?=$|[\\/])/, os.homedir())), origin: { kind: "folder" } };
  const { name, version } = parseNpmSpec(spec)!;
  const origin: PackOrigin = { kind: "npm", package: name };
  for (const root of [...nodeModulesAbove(cwd), await globalRoot()]) {
    if (root && installedVersion(path.join(root, name)) !== undefined && (!version || installedVersion(path.join(root, name)) === version)) {
      return { dir: path.join(root, name), origin };
    }
  }
  const prefix = path.join(packCacheDir(), `${name.replace("/", "+")}@${version ?? "latest"}`);
  const dir = path.join(prefix, "node_modules", name);
  // An exact version in the cache is final; a tag or range is looked up again.
  if (version && /^\d+\.\d+\.\d+/.test(version) && installedVersion(dir) === version) return { dir, origin };
  mkdirSync(prefix, { recursive: true });
  const npm = await execa("npm", ["install", "--prefix", prefix, "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error", spec], {
    reject: false,
    env: { npm_config_update_notifier: "false" },
  });
  if (npm.exitCode !== 0 || installedVersion(dir) === undefined) {
    const reason = String(npm.stderr || npm.stdout).split("\n").find((line) => line.trim() && !/^npm (ERR|error)! *$/.test(line.trim())) ?? `npm exited ${npm.exitCode}`;
    throw packError(spec, `npm could not install it (${reason.replace(/^npm (ERR|error)! */, "").trim()})`);
  }
  return { dir, origin };
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
  globalRootCache ??= execa("npm", ["root", "-g"], { reject: false }).then((r) => (r.exitCode === 0 ? r.stdout.trim() : undefined));
  return globalRootCache;
}

function installedVersion(dir: string): string | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version ?? "";
  } catch {
    return undefined;
  }
}
