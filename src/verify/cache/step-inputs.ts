import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pythonDevVersions } from "../../catalog/versions.js";
import type { StepContext } from "../context.js";
import { installedPackages, isTestFile, lockfile, only, outputFiles, projectSources, sha256, type FileHashes, type StepInputs } from "./inputs.js";

/**
 * Each cached step's inputs. Kept together so what invalidates what reads in one place:
 *
 * - typecheck, test: every source file, the lockfile, the installed packages (their versions:
 *   TypeScript, Biome, vitest, Pyright), Python and its test tools.
 * - package: the sources it bundles (not tests, infra, sample events or docs), the same tools.
 * - synth: every source but tests (infra/ may import from src/), and the zips package wrote.
 * - terraform: the synthesized stacks (an edit that leaves them as they were leaves terraform
 *   cached), Terraform's version, its settings (CLI config, plugin folders), --require-terraform.
 *   Not the packages' bytes: see `stackShape`.
 *
 * check runs every time: it reads the stacks in-process in milliseconds and its rules can come
 * from template packs outside the project.
 */
function tools(ctx: StepContext): Record<string, unknown> {
  const python = ctx.project.language === "python" ? ["python", ...Object.keys(pythonDevVersions)].map((tool) => `${tool} ${ctx.versions[tool]}`) : [];
  return { packages: installedPackages(ctx.dir), lockfile: lockfile(ctx.dir), python };
}

export function sourceInputs(ctx: StepContext): StepInputs {
  return { files: projectSources(ctx.dir), values: tools(ctx) };
}

/** Read by no build: sample events, docs, CI settings. */
const notBuilt = (rel: string) => rel.startsWith("events/") || rel.startsWith(".github/") || rel.endsWith(".md");

export function packageInputs(ctx: StepContext): StepInputs {
  return { files: only(projectSources(ctx.dir), (rel) => !isTestFile(rel) && !notBuilt(rel) && !rel.startsWith("infra/")), values: tools(ctx) };
}

export function synthInputs(ctx: StepContext): StepInputs {
  const sources = only(projectSources(ctx.dir), (rel) => !isTestFile(rel) && !notBuilt(rel));
  return { files: { ...sources, ...outputFiles(ctx.dir, "dist") }, values: tools(ctx) };
}

export async function terraformInputs(ctx: StepContext): Promise<StepInputs> {
  const version = await ctx.run("terraform", ["version", "-json"]);
  const config = process.env.TF_CLI_CONFIG_FILE ?? path.join(os.homedir(), ".terraformrc");
  const text = existsSync(config) ? readFileSync(config, "utf8") : "";
  // Provider folders named by the config (a filesystem_mirror) or --plugin-dir: which providers they hold.
  const folders = [...text.matchAll(/\bpath\s*=\s*"([^"]+)"/g)].map((m) => m[1]!);
  if (ctx.options.pluginDir) folders.push(path.resolve(ctx.options.pluginDir));
  return {
    files: stackShape(outputFiles(ctx.dir, "cdktf.out"), ctx.dir),
    values: {
      terraform: version.ok ? version.stdout.match(/"terraform_version":\s*"([^"]+)"/)?.[1] : "none",
      config: [config, text ? sha256(text) : "absent"],
      pluginCache: process.env.TF_PLUGIN_CACHE_DIR,
      providers: folders.map((folder) => [folder, listing(folder)]),
      requireTerraform: Boolean(ctx.options.requireTerraform),
    },
  };
}

/** Every path under a folder, without reading the files (provider binaries are large; their paths carry the version). */
function listing(folder: string): string[] {
  try {
    return readdirSync(folder, { recursive: true, encoding: "utf8" }).sort();
  } catch {
    return [];
  }
}

/** `assets/<construct>/<content hash>/<file>`: cdktf names each asset's folder after its bytes. */
const assetPath = /^(cdktf\.out\/stacks\/[^/]+\/assets\/[^/]+\/)[0-9A-F]{32}(\/.+)$/;

/**
 * The synthesized stacks without what only the packages' bytes decide: the asset folders' hash
 * names and every `source_code_hash`. Validate and the mocked plan never open a package (the
 * mock provider reads no file), so an edit to one handler's code leaves terraform cached, while
 * any change to the configuration itself, a package added or removed included, reruns it.
 */
export function stackShape(files: FileHashes, dir: string): FileHashes {
  const shape: FileHashes = {};
  for (const [rel, hash] of Object.entries(files)) {
    const asset = assetPath.exec(rel);
    if (asset) shape[`${asset[1]}<content>${asset[2]}`] = "package";
    else if (rel.endsWith(".tf.json")) {
      const text = readFileSync(path.join(dir, rel), "utf8")
        .replace(/("source_code_hash":\s*)"[^"]*"/g, '$1"<content>"')
        .replace(/(assets\/[^/"]+\/)[0-9A-F]{32}\//g, "$1<content>/");
      shape[rel] = sha256(text);
    } else shape[rel] = hash;
  }
  return shape;
}
