import { createHash } from "node:crypto";
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { packageInputs } from "../cache/step-inputs.js";
import { StepFailure, type Step, type StepContext } from "../context.js";
import { missingFileProblem, neededFiles } from "../project-files.js";

interface Zip {
  file: string;
  bytes: number;
  sha256: string;
}

/**
 * Top-level entries not copied: build output, installed packages (node_modules is linked),
 * lambdaform's own state, and a Git repository or Python virtualenv no package is built from.
 */
const notCopied = new Set(["node_modules", "dist", "cdktf.out", ".lambdaform", ".git", ".venv"]);
/** A time no checkout has: 2001-09-09. */
const otherTime = new Date(1_000_000_000_000);

/**
 * `node scripts/package.mjs` in the project, then proof of determinism without touching the
 * project: its sources are copied to a scratch folder, every copy gets another modification
 * time, the packages are built there and must be the same zips, byte for byte.
 */
export const packageStep: Step = {
  id: "package",
  describe: () => "node scripts/package.mjs, then again on a copy with other file times (the zips must be identical)",
  inputs: packageInputs,
  outputs: ["dist"],
  async run(ctx) {
    const absent = missingFileProblem(ctx.dir, neededFiles.package, "package");
    if (absent) throw new StepFailure(absent);
    const dist = path.join(ctx.dir, "dist");
    const earlier = zipTimes(dist);
    const scratch = mkdtempSync(path.join(os.tmpdir(), "lambdaform-package-"));
    const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
    // A second Ctrl-C or a signal's exit deadline ends the process without unwinding: clean up then too.
    process.on("exit", removeScratch);
    let again: Zip[];
    try {
      // The copy is taken before either build writes anything, so both builds read the same
      // sources; they share nothing else, so they run at once.
      const copy = copySources(ctx.dir, path.join(scratch, "project"));
      const [first, second] = await Promise.allSettled([
        build(ctx, ctx.dir, "node scripts/package.mjs"),
        build(ctx, copy, "node scripts/package.mjs (in a copy of the sources with other file times)"),
      ]);
      // The project's own build failing is the failure to report, whatever the copy's did.
      if (first.status === "rejected") throw first.reason;
      if (second.status === "rejected") throw second.reason;
      again = zipsIn(path.join(copy, "dist"));
    } finally {
      process.off("exit", removeScratch);
      removeScratch();
    }
    const all = zipsIn(dist);
    const times = zipTimes(dist);
    // Zips this build did not write are left from an earlier one (a handler since removed).
    const built = all.filter((z) => earlier.get(z.file) !== times.get(z.file));
    const stale = all.filter((z) => !built.includes(z)).map((z) => z.file);
    if (built.length === 0) throw new StepFailure("scripts/package.mjs wrote no zip under dist/", "node scripts/package.mjs");

    const rebuilt = new Map(again.map((z) => [z.file, z]));
    const names = new Set(built.map((z) => z.file));
    const missing = built.filter((z) => !rebuilt.has(z.file)).map((z) => z.file);
    const extra = again.filter((z) => !names.has(z.file)).map((z) => z.file);
    const changed = built.filter((z) => rebuilt.has(z.file) && rebuilt.get(z.file)!.sha256 !== z.sha256).map((z) => z.file);
    const problems = [
      changed.length > 0 ? `${changed.join(", ")} changed when only file times changed` : "",
      missing.length > 0 ? `${missing.join(", ")} not built from a copy of the sources` : "",
      extra.length > 0 ? `${extra.join(", ")} built only from the copy` : "",
    ].filter(Boolean);
    if (problems.length > 0) throw new StepFailure(`not reproducible: ${problems.join("; ")}`, "node scripts/package.mjs");

    const sizes = built.map((z) => `${path.basename(z.file)} ${(z.bytes / 1024).toFixed(1)} KiB`).join(", ");
    return {
      status: "passed",
      detail: `${built.length} zip${built.length === 1 ? "" : "s"}, byte-identical when rebuilt with new file times: ${sizes}`,
      notes: stale.map((file) => `${file} was not rebuilt (left from an earlier build?); remove dist/ to drop it`),
      metrics: { zips: built },
    };
  },
};

async function build(ctx: StepContext, cwd: string, display: string): Promise<void> {
  await ctx.mustRun(process.execPath, ["scripts/package.mjs"], "scripts/package.mjs", { cwd, display });
}

/**
 * Copies the project's sources to `copy` (new files, so new times), without build output;
 * node_modules is linked, not copied. Symbolic links are copied as links, never followed:
 * one to a file of the project points at the copy's file, one out of the project stays as
 * it is. Then every copied file gets `otherTime`.
 */
function copySources(projectDir: string, copy: string): string {
  const root = path.resolve(projectDir);
  cpSync(root, copy, { recursive: true, filter: (src) => !notCopied.has(path.relative(root, src)) && copyable(src) });
  retarget(root, copy, copy);
  if (existsSync(path.join(root, "node_modules"))) symlinkSync(path.join(root, "node_modules"), path.join(copy, "node_modules"), "dir");
  return copy;
}

/** Files, folders and links; sockets and pipes (which cpSync refuses) are no package's source. */
function copyable(file: string): boolean {
  const stat = lstatSync(file);
  return stat.isFile() || stat.isDirectory() || stat.isSymbolicLink();
}

/** Links into the project point into the copy; regular files get another time. Never follows a link. */
function retarget(root: string, copy: string, dir: string): void {
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    const stat = lstatSync(file);
    if (stat.isDirectory()) {
      retarget(root, copy, file);
    } else if (stat.isSymbolicLink()) {
      // cpSync made the target absolute: the project's file, or something outside it.
      const target = path.resolve(dir, readlinkSync(file));
      const rel = path.relative(root, target);
      const inside = rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
      if (inside && existsSync(path.join(copy, rel))) {
        unlinkSync(file);
        symlinkSync(path.relative(dir, path.join(copy, rel)), file);
      }
    } else if (stat.isFile()) {
      utimesSync(file, otherTime, otherTime);
    }
  }
}

function zipsIn(dir: string, root = dir): Zip[] {
  return zipFiles(dir, root).map(({ full, file }) => {
    const data = readFileSync(full);
    return { file, bytes: data.length, sha256: createHash("sha256").update(data).digest("hex") };
  });
}

/** Each zip's modification time, to tell the zips a build wrote from those it left alone. */
function zipTimes(dir: string): Map<string, number> {
  return new Map(zipFiles(dir, dir).map(({ full, file }) => [file, statSync(full).mtimeMs]));
}

function zipFiles(dir: string, root: string): { full: string; file: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return zipFiles(full, root);
      if (!entry.name.endsWith(".zip")) return [];
      return [{ full, file: path.join("dist", path.relative(root, full)).split(path.sep).join("/") }];
    });
}
