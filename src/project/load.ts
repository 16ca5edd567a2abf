import type { Manifest } from "../manifest/manifest.js";
import { readManifest } from "../manifest/read.js";
import { loadRecordedPacks, type PackSet } from "../packs/pack-set.js";

/** An existing project as later commands see it: its manifest and the packs it was made with. */
export interface LoadedProject extends PackSet {
  dir: string;
  manifest: Manifest;
}

/** Reads lambdaform.json (upgrading an older one in memory) and loads the packs it records, at their recorded versions. */
export async function loadProject(dir: string): Promise<LoadedProject> {
  const manifest = readManifest(dir);
  const set = await loadRecordedPacks(manifest.templatePacks, dir);
  return { dir, manifest, ...set };
}
