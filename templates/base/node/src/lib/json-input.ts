import { ValidationError } from "./errors";

/**
 * The value JSON `text` holds; `what` names the text in the error ("the message body").
 * Stricter than JSON.parse, which reads 1e400 as Infinity: a number that is not finite cannot
 * be stored later (DynamoDB refuses it, JSON.stringify writes it as null), so it is refused
 * here, as a ValidationError handlers know not to retry, like the Python template's parse_json.
 */
export function parseJson(text: string, what: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text, (_key, inner: unknown) => {
      if (typeof inner === "number" && !Number.isFinite(inner)) {
        throw new RangeError(`${String(inner)} is not a finite number`);
      }
      return inner;
    });
  } catch {
    throw new ValidationError(`${what} is not valid JSON`);
  }
  return value;
}
