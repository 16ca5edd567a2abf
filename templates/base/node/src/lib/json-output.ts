/**
 * JSON text of a value, like JSON.stringify, but keeping what it would lose from DynamoDB items
 * (see the stream handler): a set becomes an array; a number too big or too precise for a
 * JavaScript number (a bigint, or the SDK's NumberValue) keeps every digit; bytes become base64.
 */
export function jsonText(value: unknown): string {
  if (typeof value === "bigint" || isNumberValue(value)) return value.toString();
  if (value instanceof Set) return jsonText([...value]);
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString("base64"));
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : jsonText(v))).join(",")}]`;
  if (value !== null && typeof value === "object" && !hasToJson(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== "function");
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The DynamoDB SDK's exact number (`NumberValue` from @aws-sdk/util-dynamodb), told by its shape. */
export function isNumberValue(value: unknown): value is { value: string; toString(): string } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { value?: unknown }).value === "string" &&
    typeof (value as { toAttributeValue?: unknown }).toAttributeValue === "function"
  );
}

function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}
