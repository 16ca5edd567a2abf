import { existsSync, lstatSync } from "node:fs";
import path from "node:path";
import { pythonDevVersions } from "../../catalog/versions.js";
import { StepFailure, type Step, type StepContext } from "../context.js";
import { tail } from "../exec.js";
import { readInstallRecord, recordInstall, installState, sameState } from "../cache/install-record.js";
import { installKey, linkFromStore, saveToStore } from "../cache/install-store.js";

const npmArgs = ["install", "--prefer-offline", "--no-audit", "--no-fund"];
/** The tools a generated project's requirements-dev.txt pins; each is also the module to import. */
const pythonTools = Object.keys(pythonDevVersions);
const pythonCheck = `import ${pythonTools.join(", ")}`;
export const pythonInstallHint = "python3 -m pip install -r requirements-dev.txt";

/**
 * `npm install` in the project (unless --no-install, or node_modules is as the last install
 * left it for the same package.json and lockfile: see cache/install-record.ts; a project without
 * node_modules first gets an earlier install of the same dependencies linked from the user's
 * install cache, see cache/install-store.ts), and for Python projects a check that
 * the test tools import, with the command that installs them when they do not.
 */
export const installStep: Step = {
  id: "install",
  describe: (ctx) => (ctx.options.install ? `npm ${npmArgs.join(" ")}` : "checking dependencies (--no-install)"),
  async run(ctx) {
    const parts: string[] = [];
    if (ctx.options.install) {
      const before = installState(ctx.dir);
      if (ctx.options.cache !== false && before && sameState(before, readInstallRecord(ctx.dir))) {
        parts.push("npm install skipped: node_modules matches package.json and package-lock.json as installed last time");
      } else {
        // Keyed before npm writes a lockfile: the entry stands for this package.json as it came.
        const key = ctx.options.cache !== false ? installKey(ctx.dir) : undefined;
        const linked = key !== undefined && !pathExists(path.join(ctx.dir, "node_modules")) && linkFromStore(ctx.dir, key);
        const result = await ctx.mustRun("npm", npmArgs, "npm install");
        parts.push(linked ? `node_modules linked from lambdaform's install cache, then ${npmSummary(result.output)}` : npmSummary(result.output));
        recordInstall(ctx.dir);
        if (key !== undefined && !linked) saveToStore(ctx.dir, key);
      }
    }
    if (ctx.project.language === "python") parts.push(await checkPythonTools(ctx));
    if (ctx.options.install) return { status: "passed", detail: parts.join("; ") };
    const missing = existsSync(path.join(ctx.dir, "node_modules")) ? "" : "; node_modules is missing, so later steps will fail";
    return { status: "skipped", detail: ["skipped npm install (--no-install)" + missing, ...parts].join("; ") };
  },
};

/** Also true for a link to nothing, which a rename would not replace. */
function pathExists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** npm's last meaningful line: "added 312 packages in 13s" or "up to date in 1s". */
function npmSummary(output: string): string {
  const line = output.split("\n").reverse().find((l) => /^(added|removed|changed|up to date)/.test(l.trim()));
  return line ? `npm: ${line.trim()}` : "npm install done";
}

async function checkPythonTools(ctx: StepContext): Promise<string> {
  const versions = pythonTools.map((tool) => `${tool}.__version__`).join(", ");
  const script = `import sys; ${pythonCheck}; print(sys.version.split()[0], ${versions})`;
  const result = await ctx.run("python3", ["-c", script], { display: `python3 -c "${pythonCheck}"` });
  if (result.spawnError) throw new StepFailure(`python3 is not on PATH: install Python 3, then run \`${pythonInstallHint}\``, result.command);
  if (!result.ok) {
    throw new StepFailure(`Python test tools are missing: run \`${pythonInstallHint}\` in ${ctx.dir}`, result.command, tail(result.output));
  }
  const [python, ...found] = result.stdout.trim().split(/\s+/);
  ctx.versions.python = python!;
  pythonTools.forEach((tool, i) => (ctx.versions[tool] = found[i]!));
  return `python ${python} with ${pythonTools.map((tool, i) => `${tool} ${found[i]}`).join(", ")}`;
}
