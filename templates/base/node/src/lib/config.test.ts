import { afterEach, describe, expect, it, vi } from "vitest";
import { booleanEnv, ConfigError, integerEnv, numberEnv, optionalEnv, requiredEnv } from "./config";

describe("configuration", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("reads a required value and names a missing one", () => {
    vi.stubEnv("APP_NAME", "shop");
    expect(requiredEnv("APP_NAME")).toBe("shop");
    vi.stubEnv("APP_NAME", "");
    expect(() => requiredEnv("APP_NAME")).toThrow(new ConfigError("environment variable APP_NAME is not set"));
  });

  it("gives the default for an unset or empty optional value", () => {
    for (const value of [undefined, ""]) {
      vi.stubEnv("GREETING", value);
      expect(optionalEnv("GREETING", "hello")).toBe("hello");
      expect(numberEnv("GREETING", 2.5)).toBe(2.5);
      expect(integerEnv("GREETING", 3)).toBe(3);
      expect(booleanEnv("GREETING", true)).toBe(true);
      expect(booleanEnv("GREETING", false)).toBe(false);
    }
    // Numbers and flags trim what they read, so a blank value counts as empty too.
    vi.stubEnv("GREETING", "  ");
    expect(numberEnv("GREETING", 2.5)).toBe(2.5);
    expect(integerEnv("GREETING", 3)).toBe(3);
    expect(booleanEnv("GREETING", true)).toBe(true);
    vi.stubEnv("GREETING", "hi");
    expect(optionalEnv("GREETING", "hello")).toBe("hi");
  });

  it("converts numbers, and refuses text that is not one, naming the variable", () => {
    vi.stubEnv("PAGE_SIZE", " 25 ");
    expect(numberEnv("PAGE_SIZE", 10)).toBe(25);
    expect(integerEnv("PAGE_SIZE", 10)).toBe(25);
    vi.stubEnv("PAGE_SIZE", "2.5");
    expect(numberEnv("PAGE_SIZE", 10)).toBe(2.5);
    expect(() => integerEnv("PAGE_SIZE", 10)).toThrow(
      'environment variable PAGE_SIZE must be a whole number, got "2.5"',
    );
    vi.stubEnv("PAGE_SIZE", "ten");
    expect(() => numberEnv("PAGE_SIZE", 10)).toThrow(
      new ConfigError('environment variable PAGE_SIZE must be a number, got "ten"'),
    );
  });

  it.each([
    ["true", true],
    ["TRUE", true],
    ["1", true],
    ["yes", true],
    ["on", true],
    ["false", false],
    ["0", false],
    ["No", false],
    ["off", false],
  ])("reads the flag %j as %s", (text, expected) => {
    vi.stubEnv("DRY_RUN", text);
    expect(booleanEnv("DRY_RUN", !expected)).toBe(expected);
  });

  it("refuses a flag it cannot read, naming the variable", () => {
    vi.stubEnv("DRY_RUN", "maybe");
    expect(() => booleanEnv("DRY_RUN", false)).toThrow(
      'environment variable DRY_RUN must be true or false, got "maybe"',
    );
  });
});
