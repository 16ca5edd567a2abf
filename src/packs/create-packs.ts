import path from "node:path";
import type { OptionValue } from "../catalog/option.js";
import type { CreateFlags } from "../cli/create-flags.js";
import type { Prompter } from "../cli/prompter.js";
import { AnswerSource } from "../create/answer-source.js";
import { usageError } from "../errors.js";
import type { ProjectSpec } from "../project/spec.js";
import { defaultPacks } from "./default-pack.js";
import { loadPackSet, type PackSet } from "./pack-set.js";
import { checkAgainstPacks, checkFlagsAgainstPacks } from "./policy.js";
import { packFlagPrefix } from "./questions.js";

/** Flags create takes for packs beyond --template-pack, taken out before its parser sees them. */
export interface PackFlags {
  /** `--pack-<question> <value>`, by flag name (`pack-team`); `true` when given bare (a yes/no question). */
  answers: Map<string, string | true>;
  /** `--no-template-pack`: ignore the default pack of .lambdaformrc.json / package.json. */
  noDefault: boolean;
}

/**
 * Takes `--pack-<name> <value>` (or `=value`) and `--no-template-pack` out of argv: the questions
 * behind them are only known once the packs are loaded, after parsing.
 */
export function takePackFlags(argv: readonly string[]): { argv: string[]; flags: PackFlags } {
  const rest: string[] = [];
  const flags: PackFlags = { answers: new Map(), noDefault: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === "--no-template-pack") {
      flags.noDefault = true;
      continue;
    }
    const match = /^--(pack-[^=]+)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      rest.push(arg);
      continue;
    }
    // Bare (last, or followed by another flag), it answers a yes/no question yes; others need a value.
    const bare = match[2] === undefined && (argv[i + 1] === undefined || argv[i + 1]!.startsWith("--"));
    const value = bare ? true : (match[2] ?? argv[++i]!);
    if (flags.answers.has(match[1]!)) throw usageError(`--${match[1]} is given twice`);
    flags.answers.set(match[1]!, value);
  }
  return { argv: rest, flags };
}

/**
 * The packs of a new project: --template-pack, else the default the nearest .lambdaformrc.json
 * or package.json names (unless --no-template-pack). Flags the packs refuse, and --pack-* flags
 * no pack asks, stop here, before any question.
 */
export async function loadCreatePacks(flags: CreateFlags, packFlags: PackFlags, cwd: string): Promise<PackSet> {
  if (packFlags.noDefault && flags.templatePacks.length > 0) throw usageError("--no-template-pack conflicts with --template-pack");
  const target = path.resolve(cwd, flags.dir ?? ".");
  const found = flags.templatePacks.length > 0 || packFlags.noDefault ? undefined : defaultPacks(target);
  const set = await loadPackSet(found?.packs ?? flags.templatePacks, found ? path.dirname(found.file) : cwd);
  for (const [flag, raw] of packFlags.answers) {
    const question = set.policy.questions.find((q) => q.flag === flag);
    if (!question) {
      const asked = set.policy.questions.map((q) => `--${q.flag}`);
      throw usageError(`--${flag}: no template pack asks ${flag.slice(packFlagPrefix.length)}${asked.length ? ` (they take ${asked.join(", ")})` : ""}`);
    }
    if (raw === true && question.type !== "boolean") throw usageError(`--${flag} needs a value`);
    flags.values.set(flag, raw);
  }
  checkFlagsAgainstPacks(flags, set.policy);
  return set;
}

/** Asks the packs' own questions (flag, prompt or default, as for settings) and checks the whole spec against the packs. */
export async function answerPackQuestions(
  spec: ProjectSpec,
  set: PackSet,
  flags: CreateFlags,
  prompter: Prompter | undefined,
  warn: (message: string) => void,
): Promise<ProjectSpec> {
  checkAgainstPacks(spec, set.policy);
  if (set.policy.questions.length === 0) return spec;
  const source = new AnswerSource(flags, prompter, {}, warn);
  const packAnswers: Record<string, OptionValue> = {};
  for (const question of set.policy.questions) {
    const value = await source.value(question);
    if (value !== undefined) packAnswers[question.key] = value;
  }
  return { ...spec, packAnswers };
}
