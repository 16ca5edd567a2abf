import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { closestMatch } from "leven";
import { LambdaformError, usageError } from "../errors.js";
import { manifestFile } from "../manifest/manifest.js";

/**
 * parseArgs' error as the one line a user sees. Node's own wording is written for programmers
 * (an unknown flag comes with advice on passing positionals that start with a dash, an
 * ambiguous value takes three lines), so the errors a user makes are said plainly. An unknown
 * long flag close to one of the command's `options` (a typo) is answered with that flag;
 * otherwise `hint` says where the right flags are.
 */
function parseErrorLine(error: unknown, options: object, hint: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  // Node quotes the flag as typed ('-x'), or as declared ('-t, --trigger <value>').
  const quoted = /^(?:Unknown option|Option|Unexpected argument) '(.+?)'(?:[. ]|$)/.exec(message)?.[1];
  const flag = quoted?.replace(/ <value>$/, "").split(", ").at(-1);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag) {
    const name = flag.startsWith("--") ? flag.slice(2).split("=")[0]! : undefined;
    // Two edits catch a dropped, doubled or swapped letter; a short name allows only one.
    const near = name && closestMatch(name, Object.keys(options), { maxDistance: name.length > 4 ? 2 : 1 });
    return near ? `unknown option ${flag}; did you mean --${near}?` : `unknown option ${flag}; ${hint}`;
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL" && quoted) return `unexpected argument ${quoted}; ${hint}`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && flag) {
    if (/argument missing$/.test(message)) return `${flag} needs a value`;
    if (/does not take an argument$/.test(message)) return `${flag} takes no value`;
    // Only a long flag takes its value after `=`.
    if (/argument is ambiguous/.test(message)) return flag.startsWith("--") ? `${flag} needs a value; to give one that starts with -, write ${flag}=<value>` : `${flag} needs a value`;
  }
  return message.split("\n")[0]!.replace(/^TypeError \[[A-Z_]+\]: /, "");
}

/**
 * Node's parseArgs for a command's flags, its error turned into the one-line usage error a user
 * sees (exit 2); `hint` follows an unknown flag or argument that is no near miss.
 */
export function parseFlags<T extends ParseArgsConfig>(config: T, hint = "--help lists the options"): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw usageError(parseErrorLine(error, config.options ?? {}, hint));
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;
const helpOption = { help: { type: "boolean", short: "h" } } as const;

/**
 * Flags and the one project folder of a command that works on an existing project (verify,
 * synth): the folder defaults to the current one and must hold a lambdaform.json. `--help`/`-h`
 * is every command's: with it, `help` is true and nothing else is checked.
 */
export function parseProjectCommand<O extends Options>(argv: readonly string[], cwd: string, options: O) {
  const parsed = parseFlags({ args: [...argv], allowPositionals: true, strict: true, options: { ...options, ...helpOption } });
  const help = Boolean((parsed.values as { help?: boolean }).help);
  if (help) return { dir: cwd, values: parsed.values, help };
  if (parsed.positionals.length > 1) throw usageError(`expected one project folder, got ${parsed.positionals.join(" ")}`);
  const dir = path.resolve(cwd, parsed.positionals[0] ?? ".");
  if (!existsSync(path.join(dir, manifestFile))) {
    throw new LambdaformError("notAProject", `${dir} has no ${manifestFile}: not a lambdaform project`);
  }
  return { dir, values: parsed.values, help };
}
