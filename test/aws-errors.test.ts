import { expect, it } from "vitest";
import { throttlingCodes } from "../src/catalog/aws-errors.js";
import { renderFor } from "./support/render.js";

/** Both languages' handlers treat the catalog's throttling codes, and no others, as throttling. */
it("Node and Python render the same throttling codes, from the catalog", async () => {
  const node = (await renderFor(["svc", "--runtime", "nodejs24.x"])).read("src/lib/errors.ts")!;
  const python = (await renderFor(["svc", "--runtime", "python3.13"])).read("src/app/lib/errors.py")!;
  const nodeCodes = /const throttlingCodes = new Set\(\[\n([\s\S]*?)\]\);/.exec(node)![1]!.match(/"(\w+)"/g)!.map((c) => c.slice(1, -1));
  const pythonCodes = /THROTTLING_CODES = frozenset\(\n {4}\{\n([\s\S]*?)\n {4}\}/.exec(python)![1]!.match(/"(\w+)"/g)!.map((c) => c.slice(1, -1));
  expect(nodeCodes).toEqual(throttlingCodes);
  // Python adds the service-side timeouts, which Node keeps in a list of its own.
  expect(pythonCodes).toEqual([...throttlingCodes, "RequestTimeout", "RequestTimeoutException"]);
});
