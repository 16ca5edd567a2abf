import type { OptionDef, OptionValue } from "../catalog/option.js";
import { parseOptionValue } from "../catalog/option.js";
import type { CreateFlags } from "../cli/create-flags.js";
import type { Prompter } from "../cli/prompter.js";
import { LambdaformError } from "../errors.js";

/** Overrides a template pack may impose on the built-in defaults, by option key. */
export type Defaults = Partial<Record<string, OptionValue>>;

/** What template packs impose on answers (src/packs/policy.ts): settings never asked, and what a choice may be. */
export interface AnswerLimits {
  /** Keys of locked settings: their default is the locked value, and nobody is asked. */
  locked?: ReadonlySet<string>;
  /** Allowed values by option key (`runtime`, `region`) and for `trigger` and `resource`. */
  allowed?: Readonly<Partial<Record<string, readonly string[]>>>;
}

/**
 * Where answers come from: flags first, then (on a TTY, without --yes) prompts for what is
 * missing, else defaults. Without a prompter, a missing answer is an error naming its flag.
 */
export class AnswerSource {
  constructor(
    private readonly flags: CreateFlags,
    private readonly prompter: Prompter | undefined,
    private readonly defaults: Defaults = {},
    /** Told about values that are taken but probably not meant, or chosen for the user. */
    readonly warn: (message: string) => void = () => {},
    readonly limits: AnswerLimits = {},
  ) {}

  /** The ids of `all` the packs allow for `key`, in order (all of them without packs). */
  allowedOf<T extends string>(key: string, all: readonly T[]): T[] {
    const allowed = this.limits.allowed?.[key];
    return allowed ? all.filter((id) => allowed.includes(id)) : [...all];
  }

  get interactive(): boolean {
    return this.prompter !== undefined && !this.flags.yes;
  }

  defaultFor(def: OptionDef): OptionValue | undefined {
    return this.defaults[def.key] ?? def.default;
  }

  given(def: OptionDef): OptionValue | undefined {
    const raw = this.flags.values.get(def.flag);
    return raw === undefined ? undefined : parseOptionValue(def, raw);
  }

  /** A value for `def`: the flag, else a prompt (unless `advanced` and not customising), else the default. */
  async value(def: OptionDef, ask = true): Promise<OptionValue | undefined> {
    const value = await this.find(def, ask);
    const doubt = value === undefined ? undefined : def.warn?.(value);
    if (doubt) this.warn(`--${def.flag} ${doubt}`);
    return value;
  }

  private async find(def: OptionDef, ask: boolean): Promise<OptionValue | undefined> {
    const given = this.given(def);
    if (given !== undefined) return given;
    const fallback = this.defaultFor(def);
    if (this.limits.locked?.has(def.key)) return fallback;
    if (this.interactive && ask && !def.flagOnly) return this.ask(def, fallback);
    if (fallback === undefined && !def.flagOnly) throw missing(`--${def.flag}`);
    return fallback;
  }

  private async ask(def: OptionDef, fallback: OptionValue | undefined): Promise<OptionValue> {
    const prompter = this.prompter!;
    // A choice the packs narrowed (runtime, region) offers only what they allow.
    const allowed = this.limits.allowed?.[def.key];
    if (def.type === "choice" || allowed) {
      return prompter.select({
        message: def.describe,
        choices: (allowed ?? def.choices!).filter((c) => !def.choices || def.choices.includes(c)).map((c) => ({ name: c, value: c })),
        default: fallback as string | undefined,
      });
    }
    if (def.type === "boolean") return prompter.confirm({ message: def.describe, default: fallback as boolean | undefined });
    const answer = await prompter.input({
      message: def.describe,
      default: fallback === undefined ? undefined : String(fallback),
      validate: (text) => {
        try {
          parseOptionValue(def, text);
          return true;
        } catch (error) {
          return (error as Error).message.replace(`--${def.flag} `, "");
        }
      },
    });
    return parseOptionValue(def, answer);
  }
}

export function missing(flags: string): LambdaformError {
  return new LambdaformError("missingAnswer", `no terminal to ask on: pass ${flags} (or --yes for defaults)`);
}
