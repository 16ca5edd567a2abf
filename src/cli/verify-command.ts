import path from "node:path";
import { checkEndpoint } from "../emulator/emulator.js";
import { CancelledError, usageError } from "../errors.js";
import { requireNodeForProject } from "../project/engine-node.js";
import { reportExitCode } from "../verify/exit-codes.js";
import { requireTerraform, resolvePluginDir } from "../verify/terraform/settings.js";
import { parseProjectCommand } from "./args.js";
import { projectCompleteNote, setStopNote } from "./interrupt.js";
import type { MainDeps } from "./main.js";

export const verifyUsage = `Usage: lambdaform verify [dir] [flags]

Installs, type-checks, tests, packages (twice: the zips must be identical), synthesizes and
checks the project in dir (default: the current folder), then runs terraform init, validate
and a mocked plan offline. Typecheck, tests and the package chain run side by side; a step
whose inputs are unchanged since it last passed is not run again (.lambdaform/cache/). The
first failure sets the exit code (11-18, one per step).

Flags:
  --no-install          use the installed node_modules; skip npm install
  --no-cache            run every step, even those whose inputs are unchanged since they last
                        passed, and npm install even when node_modules matches the lockfile
  --plugin-dir <dir>    Terraform providers for the offline terraform step
  --require-terraform   fail (exit 17) instead of skipping the terraform step when Terraform or
                        the aws provider is not available (also: LAMBDAFORM_REQUIRE_TERRAFORM=1)
  --emulate             apply the stack to a fresh AWS emulator (moto), plan again (it must
                        want no changes) and destroy it; minutes for a large stack
  --require-emulator    as --emulate, and fail (exit 18) when no emulator can run here
  --endpoint <url>      with --emulate: a running emulator (LocalStack, a shared moto) instead
                        of a fresh moto; what the stack creates there is destroyed again
  --json                print the report as JSON on stdout
  --help, -h            print this help`;

/** `lambdaform verify [dir] [--no-install] [--no-cache] [--plugin-dir <dir>] [--require-terraform] [--json]`. */
export async function verifyCommand(argv: readonly string[], deps: MainDeps): Promise<number> {
  const { dir, values, help } = parseProjectCommand(argv, deps.cwd, {
    "no-install": { type: "boolean" },
    "no-cache": { type: "boolean" },
    "plugin-dir": { type: "string" },
    "require-terraform": { type: "boolean" },
    emulate: { type: "boolean" },
    "require-emulator": { type: "boolean" },
    endpoint: { type: "string" },
    json: { type: "boolean" },
  });
  if (help) {
    deps.io.out(verifyUsage);
    return 0;
  }
  if (values.endpoint !== undefined) {
    if (!values.emulate && !values["require-emulator"]) throw usageError("--endpoint is for the emulate step: add --emulate or --require-emulator");
    checkEndpoint(values.endpoint);
  }
  requireNodeForProject(dir);
  const pluginDir = resolvePluginDir(deps.cwd, values["plugin-dir"]);
  const required = requireTerraform(values["require-terraform"]);
  const note = projectCompleteNote(path.relative(deps.cwd, dir) || ".");
  setStopNote(note);
  // Loaded on demand, so `--help` and bad arguments never pay for the pipeline's modules.
  const { verifyProject } = await import("../verify/run.js");
  let report;
  try {
    report = await verifyProject({
      dir,
      install: !values["no-install"],
      cache: !values["no-cache"],
      pluginDir,
      requireTerraform: required,
      emulate: Boolean(values.emulate),
      requireEmulator: Boolean(values["require-emulator"]),
      endpoint: values.endpoint,
      io: deps.io,
      json: Boolean(values.json),
      signal: deps.signal,
    });
  } catch (error) {
    if (error instanceof CancelledError) throw new CancelledError(`verify cancelled; ${note}`);
    throw error;
  }
  if (values.json) deps.io.out(JSON.stringify(report, null, 2));
  return reportExitCode(report);
}
