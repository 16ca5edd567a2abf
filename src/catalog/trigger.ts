import type { OptionDef, OptionValue } from "./option.js";

/** Infrastructure pieces with secure defaults, shared by triggers and resources. */
export type BuildingBlock = "bucket" | "idempotency" | "queue" | "table" | "topic";

export const triggerIds = [
  "http-api", "rest-api", "function-url", "s3", "sqs", "sns", "schedule", "eventbridge", "dynamodb-stream",
] as const;
export type TriggerId = (typeof triggerIds)[number];

/**
 * What lambdaform knows about a trigger. Its templates live in `templates/triggers/<id>/`
 * (handler, tests, sample events, the cdktf construct that wires it), found by convention.
 */
export interface TriggerDef {
  id: TriggerId;
  title: string;
  /** Base of the generated function's name; a second function of the same trigger gets `-2`. */
  functionName: string;
  /**
   * How Lambda is invoked: `sync` callers wait for the answer, `async` ones hand the event to
   * Lambda's queue (these need an on-failure destination), `poll` ones use an event source mapping.
   */
  invocation: "sync" | "async" | "poll";
  options: readonly OptionDef[];
  /**
   * Cross-option rules and derived defaults; throws a one-line error on conflicts, and tells
   * `note` about every value it chose for the user (printed as a warning: nothing is silent).
   */
  finalize?: (options: Record<string, OptionValue>, note?: (message: string) => void) => Record<string, OptionValue>;
  /** Extra values its templates need, derived from the options (e.g. a sample source from a pattern). */
  templateData?: (options: Record<string, OptionValue>) => Record<string, unknown>;
  /** Code the handlers share with other triggers' (`templates/shared/<name>/<language>`). */
  sharedCode?: readonly string[];
  /** Secure building blocks (`templates/constructs/<name>`) its cdktf construct uses. */
  constructs?: readonly BuildingBlock[];
  /**
   * What a further trigger of this type on the same function is (`add trigger <id> --function`),
   * when its events have the same shape and its wiring allows one: "another queue". Absent:
   * refused, with `attachRefusal` as the reason.
   */
  attach?: string;
  /** Why a further trigger of this type cannot go on the same function. */
  attachRefusal?: string;
  /** npm packages the Node handler imports beyond the shared set. */
  nodePackages?: readonly string[];
}
