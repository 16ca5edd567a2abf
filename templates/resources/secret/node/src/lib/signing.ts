import { createHmac } from "node:crypto";
import type { Item } from "./items";
import { getSecret } from "./secret";

/** An HMAC of the item made with the secret, so consumers can tell our items from forgeries. */
export async function signItem(item: Item): Promise<string> {
  return createHmac("sha256", await getSecret()).update(JSON.stringify(item)).digest("hex");
}
