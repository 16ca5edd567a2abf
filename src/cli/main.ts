import { ExitCode, LambdaformError } from "../errors.js";
import { generatorVersion } from "../paths.js";
import { describeFailure } from "./failure.js";
import type { Io } from "./io.js";
import type { Prompter } from "./prompter.js";

export interface MainDeps {
  io: Io;
  cwd: string;
  prompter?: Prompter;
  signal?: AbortSignal;
}

const usage = `Usage: lambdaform <command> [args]

Commands:
  create [dir] [flags]   create a new project (see lambdaform create --help)
  verify [dir] [flags]   install, typecheck, test, package, synth and check a project
                         (--no-install, --no-cache, --plugin-dir <dir>, --require-terraform,
                         --emulate, --require-emulator, --endpoint <url>, --json)
  synth [dir] [--hcl]    package the functions and write cdktf.out/ (--hcl: plain Terraform HCL)
  dev [dir] [flags]      run the project locally against an AWS emulator: HTTP, events, schedules
                         (--port <n>, --endpoint <url>, --fresh, --stop; see lambdaform dev --help)
  add function|trigger|resource ...
                         grow a project, keeping your edits (see lambdaform add --help)
  remove function|resource <name>
                         take out what add put in; files you edited are kept
  migrate --engine cdktn [dir]
                         move a project to another CDK engine, keeping your edits
  list [dir] [--json]    functions, resources, who uses what, and the files you edited
  deploy [dir] --stage <name> [--guided]
                         deploy one stage (its own names and state; S3 state, emulator, outputs)
  destroy [dir] --stage <name>
                         destroy one stage, leaving the others
  pack init|check|test   write, check or test an org template pack (see lambdaform pack --help)
  --version, -v          print the version

Every command takes --help (-h) for its own usage.`;

/** Runs one command and turns every failure into a one-line message and an exit code. */
export async function runCli(command: string | undefined, argv: readonly string[], deps: MainDeps): Promise<number> {
  try {
    switch (command) {
      // Each command's modules load only when it runs: a run pays for one command, not all of them.
      case "create":
        return await (await import("../create/create.js")).create(argv, deps);
      case "verify":
        return await (await import("./verify-command.js")).verifyCommand(argv, deps);
      case "synth":
        return await (await import("./synth-command.js")).synthCommand(argv, deps);
      case "dev":
        return await (await import("../local/dev-command.js")).devCommand(argv, deps);
      case "add":
        return await (await import("../commands/add.js")).addCommand(argv, deps);
      case "remove":
        return await (await import("../commands/remove.js")).removeCommand(argv, deps);
      case "migrate":
        return await (await import("../commands/migrate.js")).migrateCommand(argv, deps);
      case "list":
        return await (await import("../commands/list.js")).listCommand(argv, deps);
      case "deploy":
      case "destroy":
        return await (await import("../deploy/command.js")).deployCommand(command, argv, deps);
      case "pack":
        return await (await import("../packs/commands.js")).packCommand(argv, deps);
      case "--version":
      case "-v":
        deps.io.out(generatorVersion);
        return ExitCode.ok;
      case undefined:
      case "--help":
      case "-h":
        deps.io.out(usage);
        return command === undefined ? ExitCode.usage : ExitCode.ok;
      default:
        throw new LambdaformError("usage", `unknown command "${command}"; try lambdaform --help`);
    }
  } catch (error) {
    const { message, exitCode, stack } = describeFailure(error);
    deps.io.err(`lambdaform: ${message}`);
    if (stack) deps.io.err(stack);
    // A script that asked for JSON gets JSON on failure too, not an empty stdout.
    if (argv.includes("--json")) deps.io.out(JSON.stringify({ error: message, exitCode }, null, 2));
    return exitCode;
  }
}
