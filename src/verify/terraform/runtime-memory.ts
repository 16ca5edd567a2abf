import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { userCacheDir } from "../../paths.js";
import type { RuntimeSubstitution } from "./runtime-fallback.js";

/**
 * What each aws provider version was found to lack (a runtime, an argument), kept for this
 * user beside other tool caches, so the next verify of any project swaps it before its first
 * Terraform run instead of after a failed one (a start of the provider, seconds, saved). Only
 * facts a provider reported are kept, by its exact version; an unreadable file is no memory.
 */
function memoryFile(): string {
  return userCacheDir("provider-gaps.json");
}

type Memory = Record<string, RuntimeSubstitution[]>;

function read(): Memory {
  try {
    const memory = JSON.parse(readFileSync(memoryFile(), "utf8"));
    return typeof memory === "object" && memory !== null && !Array.isArray(memory) ? memory : {};
  } catch {
    return {};
  }
}

/** The substitutions earlier runs found this provider version needs. */
export function rememberedSubstitutions(provider: string): RuntimeSubstitution[] {
  const known = read()[provider];
  return Array.isArray(known) ? known.filter((s) => typeof s?.from === "string" && typeof s?.to === "string") : [];
}

/** Adds what a run found; written whole and renamed, so parallel verifies never see half a file. */
export function remember(provider: string, found: readonly RuntimeSubstitution[]): void {
  if (provider === "unknown") return;
  try {
    const memory = read();
    const known = memory[provider] ?? [];
    memory[provider] = [...known, ...found.filter((f) => !known.some((k) => k.from === f.from))];
    const file = memoryFile();
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(memory, null, 2) + "\n");
    renameSync(partial, file);
  } catch {
    // A read-only home only costs the next run the same discovery.
  }
}
