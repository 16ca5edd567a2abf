import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors";
import { parseJson } from "./json-input";

describe("parseJson", () => {
  it("reads JSON", () => {
    expect(parseJson('{"id": "a", "n": [1, 2.5, null]}', "the body")).toEqual({ id: "a", n: [1, 2.5, null] });
  });

  it.each(["{not json", "", '{"n": 1e400}', "[-1e999]", "NaN"])(
    "refuses %j as a ValidationError naming the text",
    (text) => {
      expect(() => parseJson(text, "the body")).toThrow(new ValidationError("the body is not valid JSON"));
    },
  );
});
