import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../paths.js";
import { commandLine } from "../verify/exec.js";

/** This install's built `lambdaform` bin. */
export const lambdaformBin = path.join(packageRoot, "dist", "src", "bin", "lambdaform.js");

/**
 * How a user can run this very lambdaform from their shell later, as argv: `lambdaform` when
 * that name on PATH is this install (npm link, npm install -g .), else node and the bin's full
 * path, which works from any folder for as long as this install stays. Under npx or npm exec
 * (npm_command=exec) PATH holds npm's own bin folders, which the user's shell will not have.
 */
export function lambdaformArgv(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.npm_command !== "exec" && onPath("lambdaform", env) === realpath(lambdaformBin)) return ["lambdaform"];
  return ["node", lambdaformBin];
}

/** `lambdaform <args>` as a user would type it, quoted where needed. */
export function lambdaformCommand(args: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const [file, ...rest] = lambdaformArgv(env);
  return commandLine(file!, [...rest, ...args]);
}

/** The real path of the first `name` on PATH, as the shell would pick it. */
function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return realpath(candidate);
  }
  return undefined;
}

function realpath(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}
