import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { packError } from "./pack.js";

/**
 * The packs an org sets for every project under a folder, so `npm create lambdaform` in its
 * repositories uses its pack without a flag: `.lambdaformrc.json` ({"templatePack": ...}, or
 * the same under a "lambdaform" key) or a "lambdaform" key in package.json, the nearest found
 * from the target folder up to the home folder. Folder packs are relative to the file naming them.
 */
export function defaultPacks(target: string, home = os.homedir()): { packs: string[]; file: string } | undefined {
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    for (const [name, nested] of [[".lambdaformrc.json", false], ["package.json", true]] as const) {
      const file = path.join(dir, name);
      if (!existsSync(file)) continue;
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(file, "utf8"));
      } catch (error) {
        if (name === "package.json") continue;
        throw packError(file, `is not valid JSON (${(error as Error).message.split("\n")[0]})`);
      }
      const config = (raw as { lambdaform?: unknown })?.lambdaform ?? (nested ? undefined : raw);
      if (config === undefined || config === null) continue;
      const given = (config as { templatePack?: unknown; templatePacks?: unknown }).templatePacks ?? (config as { templatePack?: unknown }).templatePack;
      if (given === undefined) continue;
      const list = Array.isArray(given) ? given : [given];
      if (list.length === 0 || !list.every((p) => typeof p === "string" && p.length > 0)) {
        throw packError(file, "templatePack must be a pack (a folder or an npm package name), or templatePacks a list of them");
      }
      return { packs: (list as string[]).map((p) => (p.startsWith(".") ? path.resolve(dir, p) : p)), file };
    }
    if (dir === home || path.dirname(dir) === dir) return undefined;
  }
}
