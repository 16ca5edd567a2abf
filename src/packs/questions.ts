import type { OptionDef } from "../catalog/option.js";
import { problemWith } from "../catalog/option.js";
import type { PackQuestion } from "./pack-format.js";

/** The flag prefix of pack questions: `--pack-team payments` answers the question `team`. */
export const packFlagPrefix = "pack-";

/**
 * A pack question as a catalog option, so it gets a flag, a prompt, a default and validation
 * from the same code as the built-in settings. Returns the option, or why the question is broken.
 */
export function questionOption(q: PackQuestion): { def?: OptionDef; problem?: string } {
  const def: OptionDef = {
    key: q.name,
    flag: packFlagPrefix + q.name,
    describe: q.message,
    type: q.type === "text" ? "string" : q.type === "number" ? "integer" : q.type,
    default: q.default,
    min: q.min,
    max: q.max,
  };
  if (q.type === "choice") {
    if (!q.choices) return { problem: `question ${q.name} is a choice without choices` };
    def.choices = q.choices;
  } else if (q.choices) {
    return { problem: `question ${q.name} has choices but is of type ${q.type}` };
  }
  if (q.pattern !== undefined) {
    if (q.type !== "text") return { problem: `question ${q.name} has a pattern but is of type ${q.type}` };
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${q.pattern})$`, "u");
    } catch (error) {
      return { problem: `question ${q.name} pattern does not compile: ${(error as Error).message}` };
    }
    def.check = (value) => (re.test(String(value)) ? undefined : `must match ${q.pattern}`);
  }
  if (q.default !== undefined) {
    const problem = problemWith(def, q.default);
    if (problem) return { problem: `question ${q.name} default ${problem}` };
  }
  return { def };
}
