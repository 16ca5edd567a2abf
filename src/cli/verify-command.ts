import path from "node:path";
import { reportExitCode } from "../verify/exit-codes.js";
import { parseProjectCommand } from "./args.js";
import type { MainDeps } from "./main.js";

/** `lambdaform verify [dir] [--no-install] [--plugin-dir <dir>] [--json]`. */
export async function verifyCommand(argv: readonly string[], deps: MainDeps): Promise<number> {
  const { dir, values } = parseProjectCommand(argv, deps.cwd, {
    "no-install": { type: "boolean" },
    "plugin-dir": { type: "string" },
    json: { type: "boolean" },
  });
  // Loaded on demand, so `--help` and bad arguments never pay for the pipeline's modules.
  const { verifyProject } = await import("../verify/run.js");
  const report = await verifyProject({
    dir,
    install: !values["no-install"],
    pluginDir: values["plugin-dir"] && path.resolve(deps.cwd, values["plugin-dir"]),
    io: deps.io,
    json: Boolean(values.json),
    signal: deps.signal,
  });
  if (values.json) deps.io.out(JSON.stringify(report, null, 2));
  return reportExitCode(report);
}
