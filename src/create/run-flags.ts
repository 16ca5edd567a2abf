import { usageError } from "../errors.js";

/**
 * Create's run flags that are not in create-flags.ts's table (yet): taken out of argv before
 * the catalog-driven parser sees it, and listed by --help from here.
 */
export const extraRunFlags: Record<string, { describe: string }> = {
  "require-terraform": { describe: "fail (exit 17) when the terraform check cannot run, instead of skipping it" },
};

export interface ExtraRunFlags {
  requireTerraform: boolean;
}

/** argv without the extra run flags, and their values. Nothing after a `--` is a flag. */
export function takeExtraRunFlags(argv: readonly string[]): { argv: string[]; flags: ExtraRunFlags } {
  const rest: string[] = [];
  let requireTerraform = false;
  let done = false;
  for (const arg of argv) {
    if (done || arg === "--") {
      done = true;
      rest.push(arg);
    } else if (arg === "--require-terraform") {
      if (requireTerraform) throw usageError("--require-terraform is given twice");
      requireTerraform = true;
    } else if (arg.startsWith("--require-terraform=")) {
      throw usageError("--require-terraform takes no value");
    } else {
      rest.push(arg);
    }
  }
  return { argv: rest, flags: { requireTerraform } };
}
