// @ts-check
import { packageAll } from "./package.mjs";

/** Vitest global setup: the stack tests need the deployment packages the stack points at. */
export default async function setup() {
  await packageAll({ quiet: true });
}
