import { invalidValue } from "../errors.js";

export type OptionValue = string | number | boolean;

/**
 * One definition drives the flag, the prompt, the default and the validation of a setting,
 * so the CLI parser, the interactive prompts and `--help` can never disagree.
 */
export interface OptionDef {
  /** Property name in the project spec (and the manifest). */
  key: string;
  /** Long flag without the dashes. */
  flag: string;
  /** Used for `--help` and as the prompt's message. */
  describe: string;
  type: "string" | "integer" | "boolean" | "choice";
  choices?: readonly string[];
  default?: OptionValue;
  min?: number;
  max?: number;
  /** For integers that only take listed values (CloudWatch retention days). */
  allowed?: readonly number[];
  /** Returns the reason a value is unacceptable, or undefined. */
  check?: (value: OptionValue) => string | undefined;
  /**
   * Returns why an acceptable value is probably not what the user meant (it is taken, and the
   * reason is printed as a warning), or undefined.
   */
  warn?: (value: OptionValue) => string | undefined;
  /** Prompted only when the user asks to customise settings (advanced knobs). */
  advanced?: boolean;
  /** Never prompted; only settable with the flag. */
  flagOnly?: boolean;
}

/** Problem with a value, phrased to follow the flag name; undefined when the value is fine. */
export function problemWith(def: OptionDef, value: OptionValue): string | undefined {
  switch (def.type) {
    case "integer": {
      if (typeof value !== "number" || !Number.isInteger(value)) return "must be a whole number";
      if (def.allowed && !def.allowed.includes(value)) return `must be one of ${def.allowed.join(", ")}`;
      if (def.min !== undefined && value < def.min) return `must be at least ${def.min}`;
      if (def.max !== undefined && value > def.max) return `must be at most ${def.max}`;
      break;
    }
    case "choice":
      if (typeof value !== "string" || !def.choices?.includes(value)) {
        return `must be one of ${def.choices?.join(", ")}`;
      }
      break;
    case "boolean":
      if (typeof value !== "boolean") return "must be true or false";
      break;
    case "string":
      if (typeof value !== "string") return "must be text";
      break;
  }
  return def.check?.(value);
}

/**
 * A value as an error message quotes it: on one line, and cut short when long, so a mistaken
 * 2,000-character value does not bury the reason.
 */
export function quoted(raw: string | boolean): string {
  const text = String(raw);
  if (text.length <= 80) return JSON.stringify(text);
  return `${JSON.stringify(Array.from(text).slice(0, 60).join("")).slice(0, -1)}…" (${text.length} characters)`;
}

/** Turns a raw flag or prompt string into a typed value, or throws a one-line error. */
export function parseOptionValue(def: OptionDef, raw: string | boolean): OptionValue {
  let value: OptionValue = raw;
  if (def.type === "integer") {
    const text = String(raw).trim();
    value = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  } else if (def.type === "boolean" && typeof raw === "string") {
    if (!["true", "false"].includes(raw)) throw invalidValue(`--${def.flag} must be true or false, got ${quoted(raw)}`);
    value = raw === "true";
  }
  const problem = problemWith(def, value);
  if (problem) throw invalidValue(`--${def.flag} ${problem}, got ${quoted(raw)}`);
  return value;
}
