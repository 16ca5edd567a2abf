import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from "node:fs";
import path from "node:path";
import { StepFailure, type Step, type StepContext } from "../context.js";

interface Zip {
  file: string;
  bytes: number;
  sha256: string;
}

/** Sources the packages are built from; their times change between the two builds. */
const sourceRoots = ["src", "layer", "requirements.txt"];
/** A time no checkout has: 2001-09-09. */
const otherTime = new Date(1_000_000_000_000);

/**
 * `node scripts/package.mjs`, then proof of determinism: every source file gets another
 * modification time, the packages are built again and must be byte for byte the same.
 * File times are restored afterwards.
 */
export const packageStep: Step = {
  id: "package",
  describe: () => "node scripts/package.mjs (twice, to prove the zips are reproducible)",
  async run(ctx) {
    await build(ctx);
    const first = zipsIn(path.join(ctx.dir, "dist"));
    if (first.length === 0) throw new StepFailure("scripts/package.mjs wrote no zip under dist/", "node scripts/package.mjs");
    const restore = touchSources(ctx.dir);
    try {
      await build(ctx);
    } finally {
      restore();
    }
    const second = new Map(zipsIn(path.join(ctx.dir, "dist")).map((z) => [z.file, z]));
    const changed = first.filter((z) => second.get(z.file)?.sha256 !== z.sha256).map((z) => z.file);
    if (changed.length > 0) {
      throw new StepFailure(`not reproducible: ${changed.join(", ")} changed when only file times changed`, "node scripts/package.mjs");
    }
    const sizes = first.map((z) => `${path.basename(z.file)} ${(z.bytes / 1024).toFixed(1)} KiB`).join(", ");
    return {
      status: "passed",
      detail: `${first.length} zip${first.length === 1 ? "" : "s"}, byte-identical when rebuilt with new file times: ${sizes}`,
      metrics: { zips: first },
    };
  },
};

async function build(ctx: StepContext): Promise<void> {
  await ctx.mustRun(process.execPath, ["scripts/package.mjs"], "scripts/package.mjs", { display: "node scripts/package.mjs" });
}

function zipsIn(dir: string, root = dir): Zip[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return zipsIn(full, root);
      if (!entry.name.endsWith(".zip")) return [];
      const data = readFileSync(full);
      const file = path.join("dist", path.relative(root, full)).split(path.sep).join("/");
      return [{ file, bytes: data.length, sha256: createHash("sha256").update(data).digest("hex") }];
    });
}

/** Moves every source file to another modification time; returns what puts them back. */
function touchSources(projectDir: string): () => void {
  const saved: { file: string; atime: number; mtime: number }[] = [];
  const visit = (file: string) => {
    if (!existsSync(file)) return;
    const stat = statSync(file);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(file)) visit(path.join(file, entry));
      return;
    }
    // Seconds as fractions keep sub-millisecond precision that Date objects would drop.
    saved.push({ file, atime: stat.atimeMs / 1000, mtime: stat.mtimeMs / 1000 });
    utimesSync(file, otherTime, otherTime);
  };
  sourceRoots.forEach((root) => visit(path.join(projectDir, root)));
  return () => saved.forEach(({ file, atime, mtime }) => utimesSync(file, atime, mtime));
}
