import { describe, expect, it } from "vitest";
import { jsonText } from "./json-output";

/** Stands in for @aws-sdk/util-dynamodb's NumberValue, which not every project installs. */
const exact = (digits: string) => ({ value: digits, toAttributeValue: () => ({ N: digits }), toString: () => digits });

describe("jsonText", () => {
  it("writes what JSON.stringify writes for plain values", () => {
    const value = { id: "a", n: [1, 2.5, null, undefined], nested: { ok: true, skip: undefined }, at: new Date(0) };
    expect(jsonText(value)).toBe(JSON.stringify(value));
  });

  it("keeps sets as arrays and big numbers digit for digit", () => {
    const text = jsonText({
      tags: new Set(["a", "b"]),
      big: exact("12345678901234567890.123"),
      count: 12345678901234567890n,
    });
    expect(text).toBe('{"tags":["a","b"],"big":12345678901234567890.123,"count":12345678901234567890}');
  });

  it("writes bytes as base64", () => {
    expect(jsonText({ data: new Uint8Array([1, 2, 3]) })).toBe('{"data":"AQID"}');
  });
});
