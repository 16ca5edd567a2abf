import { usageError } from "../errors.js";
import { loadProject } from "../project/load.js";
import type { GrowDeps } from "./add.js";
import { parseGrowFlags, takeDir } from "./grow-flags.js";
import { removeFunction, removeResource } from "./spec-changes.js";
import { updateProject } from "./update-project.js";

export const removeHelp = `Usage: lambdaform remove function|resource <name> [dir] [--dry-run] [--json] [--no-install] [--no-verify]

Takes out what add put in: the function or resource, its wiring, grants, variables, events and
tests. Files you edited are not deleted: they are named and kept.`;

/** `lambdaform remove function|resource <name>`. */
export async function removeCommand(argv: readonly string[], deps: GrowDeps): Promise<number> {
  const flags = parseGrowFlags(argv, deps.cwd);
  if (flags.help) {
    deps.io.out(removeHelp);
    return 0;
  }
  const [kind, name, ...rest] = flags.positionals;
  if (kind !== "function" && kind !== "resource") throw usageError("remove what? lambdaform remove function|resource <name>");
  if (!name) throw usageError(`lambdaform remove ${kind} needs a name`);
  if (flags.trigger || flags.name || flags.functions.length > 0 || flags.uses.length > 0 || flags.values.size > 0) {
    throw usageError("remove takes a name and run flags only (--dry-run, --json, --no-install, --no-verify)");
  }
  takeDir(flags, [kind, name, ...rest], 2, deps.cwd);
  const project = await loadProject(flags.dir);
  const spec = project.manifest.spec;
  const change = kind === "function" ? removeFunction(spec, name) : removeResource(spec, name);
  return updateProject(project, change, "remove", flags, deps);
}
