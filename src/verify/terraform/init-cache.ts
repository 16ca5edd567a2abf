import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { userCacheDir } from "../../paths.js";

/**
 * `terraform init` done once per set of required providers and provider settings, kept for this
 * user ($XDG_CACHE_HOME/lambdaform/terraform-init). A scratch copy of a stack links the entry's
 * .terraform and copies its lock file instead of running init: init hashes the whole aws
 * provider (675 MB) against the lock file, most of a second on every verify that checks a stack.
 *
 * The key is what init's outcome depends on: the providers the stack requires, the Terraform
 * binary, its CLI configuration (TF_CLI_CONFIG_FILE or ~/.terraformrc), TF_PLUGIN_CACHE_DIR and
 * --plugin-dir. A provider mirror can change under the same settings, so an entry is used for a
 * day at most, and one that Terraform no longer accepts (a provider removed) is dropped and init
 * runs again. Only a successful init is kept.
 */

/** What an entry holds besides .terraform and the lock file. */
export interface InitRecord {
  /** The aws provider version init locked. */
  provider: string;
  /** The report's lines about how init went (a relaxed constraint). */
  details: string[];
  /** Set when the pinned provider was not installable and the constraint was relaxed. */
  relaxedConstraint?: string;
}

const recordFile = "init.json";
/** The relaxed constraint's file, copied into the scratch with the lock file. */
export const overrideFile = "version_override.tf.json";
const maxAgeMs = 24 * 3600_000;

/** The entry's key, or undefined when Terraform is not on PATH (nothing to key on). */
export function initKey(requiredProviders: unknown, pluginDir: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const terraform = onPath("terraform", env);
  if (!terraform) return undefined;
  const binary = statSync(terraform);
  const cliConfig = env.TF_CLI_CONFIG_FILE || path.join(os.homedir(), ".terraformrc");
  return createHash("sha256")
    .update(
      JSON.stringify({
        requiredProviders: canonical(requiredProviders),
        terraform: [terraform, binary.size, binary.mtimeMs],
        cliConfig: [cliConfig, readOrNull(cliConfig)],
        pluginCache: env.TF_PLUGIN_CACHE_DIR ?? null,
        pluginDir: pluginDir ? path.resolve(pluginDir) : null,
        platform: `${process.platform}-${process.arch}`,
      }),
    )
    .digest("hex")
    .slice(0, 32);
}

/** The entry for `key` when it is complete and less than a day old. */
export function readEntry(key: string): { dir: string; record: InitRecord } | undefined {
  const dir = path.join(userCacheDir("terraform-init"), key);
  try {
    const file = path.join(dir, recordFile);
    if (Date.now() - statSync(file).mtimeMs > maxAgeMs) return undefined;
    const record = JSON.parse(readFileSync(file, "utf8")) as InitRecord;
    return typeof record.provider === "string" && Array.isArray(record.details) ? { dir, record } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `init` in a new folder holding only a configuration that requires `requiredProviders`,
 * and keeps it as the entry for `key` when init passes. Undefined when the entry could not be
 * stored (the caller inits in its scratch copy).
 */
export async function fillEntry(
  key: string,
  requiredProviders: unknown,
  init: (dir: string) => Promise<InitRecord>,
): Promise<{ dir: string; record: InitRecord } | undefined> {
  const root = userCacheDir("terraform-init");
  const partial = path.join(root, `.partial-${key}-${randomBytes(4).toString("hex")}`);
  try {
    try {
      mkdirSync(partial, { recursive: true });
      writeFileSync(path.join(partial, "providers.tf.json"), JSON.stringify({ terraform: { required_providers: requiredProviders } }, null, 2) + "\n");
    } catch {
      return undefined; // A read-only cache: the caller inits in its scratch copy.
    }
    // init's own failure is the step's answer (the same as in the scratch copy): it propagates.
    const record = await init(partial);
    try {
      writeFileSync(path.join(partial, recordFile), JSON.stringify(record, null, 2) + "\n");
      const dir = path.join(root, key);
      // An entry past its day makes way; a parallel verify's new one wins, and is as good.
      if (!existsSync(dir)) renameSync(partial, dir);
    } catch {
      // Another verify stored it first, or the cache is not writable.
    }
    return readEntry(key);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

/** Makes `scratch` initialized as the entry is: its .terraform linked, its lock (and override) copied. */
export function useEntry(entryDir: string, scratch: string): void {
  symlinkSync(path.join(entryDir, ".terraform"), path.join(scratch, ".terraform"), "dir");
  copyFileSync(path.join(entryDir, ".terraform.lock.hcl"), path.join(scratch, ".terraform.lock.hcl"));
  if (existsSync(path.join(entryDir, overrideFile))) copyFileSync(path.join(entryDir, overrideFile), path.join(scratch, overrideFile));
}

/** Takes what useEntry put in the scratch copy out again (a link is removed, never followed). */
export function dropLinks(scratch: string): void {
  for (const file of [".terraform", ".terraform.lock.hcl", overrideFile]) rmSync(path.join(scratch, file), { recursive: true, force: true });
}

/** Forgets an entry Terraform refused; the scratch's link to it goes with it. */
export function dropEntry(entryDir: string, scratch: string): void {
  dropLinks(scratch);
  rmSync(entryDir, { recursive: true, force: true });
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      if (statSync(file).isFile()) return realpathSync(file);
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

/** Objects with their keys sorted, so the same requirements give the same key however written. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}
