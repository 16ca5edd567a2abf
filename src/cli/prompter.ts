import { CancelledError } from "../errors.js";

export interface Choice<T extends string = string> {
  name: string;
  value: T;
  checked?: boolean;
}

/**
 * The questions the tool can ask. Commands take one of these instead of calling inquirer,
 * so tests can answer them and non-interactive runs can refuse to ask.
 */
export interface Prompter {
  input(q: { message: string; default?: string; validate?: (value: string) => string | true }): Promise<string>;
  select<T extends string>(q: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  checkbox<T extends string>(q: {
    message: string;
    choices: Choice<T>[];
    validate?: (values: readonly T[]) => string | true;
  }): Promise<T[]>;
  confirm(q: { message: string; default?: boolean }): Promise<boolean>;
}

/** Inquirer's prompts; loaded lazily so flag-only runs never pay for them. */
export async function inquirerPrompter(): Promise<Prompter> {
  const inquirer = await import("@inquirer/prompts");
  const cancellable =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (error) {
        // Ctrl-C inside a prompt: inquirer rejects with ExitPromptError.
        if (error instanceof Error && error.name === "ExitPromptError") throw new CancelledError();
        throw error;
      }
    };
  return {
    input: cancellable((q) => inquirer.input(q)),
    select: cancellable((q) => inquirer.select(q)) as Prompter["select"],
    checkbox: cancellable((q) =>
      inquirer.checkbox({ ...q, validate: q.validate ? (items) => q.validate!(items.map((i) => i.value)) : undefined }),
    ) as Prompter["checkbox"],
    confirm: cancellable((q) => inquirer.confirm(q)),
  };
}
