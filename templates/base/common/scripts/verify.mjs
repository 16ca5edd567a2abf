// @ts-check
/**
 * `npm run verify [-- flags]`: lambdaform's checks on this project (install, typecheck, tests,
 * reproducible packages, synth, security rules, Terraform), offline. lambdaform is not a
 * dependency of the project, so this finds it, in order:
 *   1. LAMBDAFORM_BIN: a lambdaform bin, e.g. <lambdaform clone>/dist/src/bin/lambdaform.js
 *   2. `lambdaform` on PATH: `npm install -g .` (or `npm link`) in a built lambdaform clone
 *   3. the lambdaform that created this project on this machine, while it is still there
 *      (.lambdaform/creator.json, which is not committed)
 * Flags are passed on: `npm run verify -- --require-terraform`.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";

const args = ["verify", ".", ...process.argv.slice(2)];
const install =
  "in a lambdaform clone run `npm install && npm run build && npm install -g .`, or set LAMBDAFORM_BIN=<clone>/dist/src/bin/lambdaform.js";

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`verify: ${message}`);
  process.exit(127);
}

/**
 * A bin path as a command: node runs JavaScript files, so they need not be executable.
 * @param {string} bin
 * @returns {[string, string[]]}
 */
function command(bin) {
  return /\.[cm]?js$/.test(bin) ? [process.execPath, [bin, ...args]] : [bin, args];
}

/**
 * The first `name` on PATH, as the shell would pick it.
 * @param {string} name
 */
function which(name) {
  const extensions = process.platform === "win32" ? [".cmd", ".exe"] : [""];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const extension of extensions) {
      const file = path.join(dir, name + extension);
      if (dir && existsSync(file)) return file;
    }
  }
  return undefined;
}

/**
 * The bin recorded by `create`, or why it cannot be used.
 * @returns {{ bin?: string, gone?: string }}
 */
function creator() {
  try {
    const { bin } = JSON.parse(readFileSync(".lambdaform/creator.json", "utf8"));
    return typeof bin === "string" && existsSync(bin) ? { bin } : { gone: String(bin) };
  } catch {
    return {};
  }
}

/** @returns {[string, string[]]} */
function find() {
  const fromEnv = process.env.LAMBDAFORM_BIN;
  if (fromEnv) {
    if (!existsSync(fromEnv)) fail(`LAMBDAFORM_BIN names ${fromEnv}, which does not exist: ${install}`);
    return command(fromEnv);
  }
  // npm link and npm install -g link the bin to a .js file that may not be executable.
  const onPath = which("lambdaform");
  if (onPath) return command(realpathSync(onPath));
  const recorded = creator();
  if (recorded.bin) return command(recorded.bin);
  const gone = recorded.gone ? ` (the lambdaform that created this project, ${recorded.gone}, is gone)` : "";
  return fail(`lambdaform is not installed here${gone}: ${install}`);
}

const [file, argv] = find();
const child = spawn(file, argv, { stdio: "inherit", shell: process.platform === "win32" && file.endsWith(".cmd") });
// Ctrl-C and a closed terminal reach lambdaform directly (same process group); relaying them
// too would count as a second signal, which makes it exit at once. SIGTERM comes from npm or a
// supervisor, to this process only: pass it on.
process.on("SIGINT", () => {});
process.on("SIGHUP", () => {});
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("error", (error) => fail(`cannot run ${file}: ${error.message}`));
child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : signal === "SIGHUP" ? 129 : 143)));
