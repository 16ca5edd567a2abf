import path from "node:path";
import type { Manifest } from "../manifest/manifest.js";
import { readManifest } from "../manifest/read.js";
import { loadPackSet, type PackSet } from "../packs/pack-set.js";

/** An existing project as later commands see it: its manifest and the packs it was made with. */
export interface LoadedProject extends PackSet {
  dir: string;
  manifest: Manifest;
}

/** Reads lambdaform.json (upgrading an older one in memory) and loads the packs it records. */
export async function loadProject(dir: string): Promise<LoadedProject> {
  const manifest = readManifest(dir);
  // Packs are recorded relative to the project, as create wrote them.
  const set = await loadPackSet(manifest.templatePacks.map((pack) => path.resolve(dir, pack)));
  return { dir, manifest, ...set };
}
