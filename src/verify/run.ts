import type { VerifyOptions, VerifyReport } from "./types.js";

/** Placeholder until the verify pipeline lands. */
export async function verifyProject(options: VerifyOptions): Promise<VerifyReport> {
  return { project: options.dir, ok: true, steps: [], versions: {} };
}
