import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { LambdaformError, usageError } from "../errors.js";
import { manifestFile } from "../manifest/manifest.js";

/** parseArgs' error as the one line a user sees, without Node's error-code prefix. */
export function parseErrorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]!.replace(/^TypeError \[[A-Z_]+\]: /, "");
}

/**
 * Flags and the one project folder of a command that works on an existing project (verify,
 * synth): the folder defaults to the current one and must hold a lambdaform.json.
 */
export function parseProjectCommand<O extends NonNullable<ParseArgsConfig["options"]>>(argv: readonly string[], cwd: string, options: O) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (error) {
    throw usageError(parseErrorLine(error));
  }
  if (parsed.positionals.length > 1) throw usageError(`expected one project folder, got ${parsed.positionals.join(" ")}`);
  const dir = path.resolve(cwd, parsed.positionals[0] ?? ".");
  if (!existsSync(path.join(dir, manifestFile))) {
    throw new LambdaformError("notAProject", `${dir} has no ${manifestFile}: not a lambdaform project`);
  }
  return { dir, values: parsed.values };
}
