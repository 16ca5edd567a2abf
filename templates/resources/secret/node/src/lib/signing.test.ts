import { beforeEach, describe, expect, it } from "vitest";
import { awsSucceeds } from "../testing/aws";
import { canonicalJson, signItem } from "./signing";

// The Python template's signing test expects the same value: both sign the same canonical bytes.
const knownSignature = "8803e14f385b3f5c571e7564225aa9a1201669e2ded093c99c64f230421b109a";

describe("signItem", () => {
  beforeEach(() => awsSucceeds());

  it("signs the canonical JSON, so key order does not matter", async () => {
    expect(await signItem({ name: "First item", id: "item-1" })).toBe(knownSignature);
    expect(await signItem({ id: "item-1", name: "First item" })).toBe(knownSignature);
  });

  it("sorts keys at every depth and drops undefined values", () => {
    expect(canonicalJson({ b: [{ d: 1, c: null }], a: "é", skip: undefined })).toBe('{"a":"é","b":[{"c":null,"d":1}]}');
  });
});
