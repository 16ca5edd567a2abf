import { createHmac } from "node:crypto";
import type { Item } from "./items";
import { isNumberValue, jsonText } from "./json-output";
import { logger } from "./logger";
import { getSecret } from "./secret";

/**
 * The item with a `signature`: a hex HMAC-SHA256 of its canonical JSON (sorted keys, no spaces,
 * whole numbers without ".0"), keyed with the secret, so consumers can tell our items from
 * forgeries. Canonical, because a consumer that parsed the item and wrote it out again, in
 * another key order or another language, must compute the same signature. The item as it is
 * while the secret has no value yet, so a fresh deployment works before it is set.
 */
export async function signItem(item: Item): Promise<Item> {
  const key = await getSecret();
  if (key === undefined) {
    logger.warn("the signing secret has no value yet: saving unsigned (see the README to set it)");
    return item;
  }
  return { ...item, signature: createHmac("sha256", key).update(canonicalJson(item)).digest("hex") };
}

export function canonicalJson(value: unknown): string {
  // Sets, big numbers and bytes (from DynamoDB stream images) as `jsonText` writes them.
  if (typeof value === "bigint" || isNumberValue(value) || value instanceof Uint8Array) return jsonText(value);
  if (value instanceof Set) return canonicalJson([...value]);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
