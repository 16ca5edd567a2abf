import { engineOf, requireNodeFor } from "../catalog/engines.js";
import { readManifest } from "../manifest/read.js";

/** `requireNodeFor` for the project in `dir`; a folder whose manifest cannot be read is left to the command's own checks. */
export function requireNodeForProject(dir: string, version: string = process.version): void {
  let spec;
  try {
    spec = readManifest(dir).spec;
  } catch {
    return;
  }
  requireNodeFor(engineOf(spec), dir, version);
}
