/**
 * Every failure a user can cause maps to one exit code, so scripts can tell them apart
 * without parsing messages. Verify steps get their own block (see verify/exit-codes.ts).
 */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  invalidValue: 3,
  targetNotEmpty: 4,
  missingAnswer: 5,
  templatePack: 6,
  notAProject: 8,
  cannotWrite: 9,
  /** `add`/`remove`: the user's edits and the change touch the same lines; nothing was written. */
  conflict: 10,
  /** `dev`, `deploy --endpoint`: no AWS emulator could be started or reached. */
  emulatorUnavailable: 19,
  /** `deploy`/`destroy`: Terraform failed; the message names the resource, state is intact. */
  deployFailed: 20,
  /** The project's engine needs a newer Node than the one running. */
  nodeTooOld: 21,
  cancelled: 130,
} as const;

export type ExitCodeName = keyof typeof ExitCode;

/** An error whose message is fit to print as the one line a user sees. */
export class LambdaformError extends Error {
  readonly exitCode: number;
  constructor(kind: ExitCodeName | number, message: string) {
    super(message);
    this.name = "LambdaformError";
    this.exitCode = typeof kind === "number" ? kind : ExitCode[kind];
  }
}

export class CancelledError extends LambdaformError {
  constructor(message = "cancelled; nothing was written") {
    super("cancelled", message);
  }
}

export const usageError = (message: string) => new LambdaformError("usage", message);
export const invalidValue = (message: string) => new LambdaformError("invalidValue", message);
