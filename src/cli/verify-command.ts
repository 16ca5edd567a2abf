import { parseArgs } from "node:util";
import path from "node:path";
import { existsSync } from "node:fs";
import { LambdaformError, usageError } from "../errors.js";
import { manifestFile } from "../manifest/manifest.js";
import { reportExitCode } from "../verify/exit-codes.js";
import type { MainDeps } from "./main.js";

export async function verifyCommand(argv: readonly string[], deps: MainDeps): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        "no-install": { type: "boolean" },
        "plugin-dir": { type: "string" },
        json: { type: "boolean" },
      },
    });
  } catch (error) {
    throw usageError((error as Error).message.split("\n")[0]!);
  }
  if (parsed.positionals.length > 1) throw usageError(`expected one project folder, got ${parsed.positionals.join(" ")}`);
  const dir = path.resolve(deps.cwd, parsed.positionals[0] ?? ".");
  if (!existsSync(path.join(dir, manifestFile))) {
    throw new LambdaformError("notAProject", `${dir} has no ${manifestFile}: not a lambdaform project`);
  }
  const { verifyProject } = await import("../verify/run.js");
  const report = await verifyProject({
    dir,
    install: !parsed.values["no-install"],
    pluginDir: parsed.values["plugin-dir"] && path.resolve(deps.cwd, parsed.values["plugin-dir"]),
    io: deps.io,
    json: Boolean(parsed.values.json),
    signal: deps.signal,
  });
  if (parsed.values.json) deps.io.out(JSON.stringify(report, null, 2));
  return reportExitCode(report);
}
