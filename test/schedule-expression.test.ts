import { describe, expect, it } from "vitest";
import { firstCronValue, parseScheduleExpression } from "../src/catalog/schedule-expression.js";
import { schedule } from "../src/catalog/triggers/schedule.js";

const problem = (text: string) => parseScheduleExpression(text).problem;

/** EventBridge Scheduler's grammar (Scheduler User Guide, "Schedule types"), case by case. */
describe("schedule expressions", () => {
  it.each([
    "rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(12 hours)", "rate(1 day)", "rate(30 days)",
    "cron(0 12 * * ? *)", "cron(15 10 ? * 6L 2030-2035)", "cron(0/15 8-17 ? * MON-FRI *)", "cron(0 10 ? * FRI#2 *)",
    "cron(0 9 L * ? *)", "cron(0 9 LW * ? *)", "cron(0 9 15W * ? *)", "cron(5,35 14 * JAN,JUN,DEC ? *)",
    "cron(*/10 * ? * SUN-SAT *)", "cron(0 0 1 */3 ? *)", "cron(59 23 31 12 ? 2199)", "cron(0 0 1 1 ? 1970)",
    "cron(0 8 ? * 2-6 *)", "cron(0 8 ? * 7L *)", "at(2030-01-01T00:00:00)", "at(2028-02-29T23:59:59)",
  ])("accepts %s", (text) => {
    expect(problem(text)).toBeUndefined();
  });

  it.each([
    // Out of range: the field and its range are named, never a RangeError.
    ["cron(99 99 * * ? *)", 'cron minutes "99": 99 is out of range 0-59'],
    ["cron(0 24 * * ? *)", 'cron hours "24": 24 is out of range 0-23'],
    ["cron(0 0 32 * ? *)", 'cron day-of-month "32": 32 is out of range 1-31'],
    ["cron(0 0 0 * ? *)", 'cron day-of-month "0": 0 is out of range 1-31'],
    ["cron(0 0 * 13 ? *)", 'cron month "13": 13 is out of range 1-12'],
    ["cron(0 0 ? * 8 *)", 'cron day-of-week "8": 8 is out of range 1-7'],
    ["cron(0 0 * * ? 2200)", 'cron year "2200": 2200 is out of range 1970-2199'],
    ["cron(0 0 * * ? 1969)", 'cron year "1969": 1969 is out of range 1970-2199'],
    ["cron(0 0 32W * ? *)", 'cron day-of-month "32W": 32 is out of range 1-31'],
    // ? in exactly one of day-of-month and day-of-week.
    ["cron(0 3 * * * *)", "cron needs ? in exactly one of day-of-month and day-of-week"],
    ["cron(0 3 1 * MON *)", "cron needs ? in exactly one of day-of-month and day-of-week"],
    ["cron(0 3 ? * ? *)", "cron needs ? in exactly one of day-of-month and day-of-week"],
    ["cron(? 3 * * ? *)", 'cron minutes "?": ? is only for day-of-month or day-of-week'],
    // Shape, names, wildcards per field.
    ["cron(0 12 * * ?)", "cron takes six fields"],
    ["cron(0  12 * * ? *)", "cron takes six fields"],
    ["cron(0 12 * jan ? *)", 'cron month "jan": write names in capitals (JAN)'],
    ["cron(0 12 * * ? * *)", "cron takes six fields"],
    ["cron(0 12 ? * MON/2 *)", 'cron day-of-week "MON/2": / is not allowed in day-of-week'],
    ["cron(0 12 1,L * ? *)", 'cron day-of-month "1,L": L, LW or a day with W'],
    ["cron(0 12 ? * 3#6 *)", "the n in day#n must be 1-5"],
    ["cron(0 12 ? * 2#1,6#3 *)", "stand alone in day-of-week"],
    ["cron(30-10 * * * ? *)", "the range runs backwards"],
    ["cron(*/0 * * * ? *)", "the step after / must be a positive whole number"],
    ["cron(0/61 * * * ? *)", "the step 61 is longer than the minutes field (0-59)"],
    ["cron(1-2-3 * * * ? *)", "a range has one -"],
    ["cron(1,,2 * * * ? *)", "an empty value between commas"],
    ["cron(${a} * * * ? *)", 'cron minutes "${a}": "${a}" is not a value; minutes takes 0-59'],
    ["cron(0 12 W * ? *)", "L, LW or a day with W"],
    // rate: a positive whole number, the unit singular only for 1.
    ["rate(1 minutes)", "rate of 1 takes the singular unit: rate(1 minute)"],
    ["rate(5 minute)", "rate of 5 takes the plural unit: rate(5 minutes)"],
    ["rate(1 days)", "rate of 1 takes the singular unit: rate(1 day)"],
    ["rate(0 minutes)", 'rate value "0" must be a positive whole number'],
    ["rate(-5 minutes)", 'rate value "-5" must be a positive whole number'],
    ["rate(1.5 hours)", 'rate value "1.5" must be a positive whole number'],
    ["rate(2 weeks)", 'rate unit "weeks" must be minute(s), hour(s) or day(s)'],
    ["rate(5minutes)", "rate takes a value and a unit"],
    // at: a real time.
    ["at(2030-02-30T00:00:00)", "has no such time: 2030-02-30T00:00:00"],
    ["at(2029-02-29T00:00:00)", "has no such time"],
    ["at(2030-01-01T24:00:00)", "has no such time"],
    ["at(2030-01-01)", "at takes a time as yyyy-mm-ddThh:mm:ss"],
    ["every 5 minutes", 'must be "rate(5 minutes)"'],
    ["RATE(5 minutes)", 'must be "rate(5 minutes)"'],
  ])("refuses %s: %s", (text, reason) => {
    expect(problem(text)).toContain(reason);
  });

  it("gives the first value a cron field lists, for sample times", () => {
    expect(firstCronValue("0/15", "minutes")).toBe(0);
    expect(firstCronValue("8-17", "hours")).toBe(8);
    expect(firstCronValue("*", "hours")).toBeUndefined();
    expect(firstCronValue("MON-FRI", "dayOfWeek")).toBe(2);
    expect(firstCronValue("MAR", "month")).toBe(3);
  });

  it("never throws for a sample time: an expression it cannot parse gets the fixed one", () => {
    expect(schedule.templateData!({ expression: "cron(99 99 * * ? *)", timezone: "UTC" }).scheduledTime).toBe("2024-03-13T09:20:00Z");
  });

  it("takes time zones as IANA spells them", () => {
    const timezone = schedule.options.find((o) => o.key === "timezone")!;
    expect(timezone.check!("Europe/Paris")).toBeUndefined();
    expect(timezone.check!("Asia/Calcutta")).toBeUndefined(); // an alias, kept as written
    expect(timezone.check!("europe/paris")).toBe("must be written Europe/Paris");
    expect(timezone.check!("+01:00")).toMatch(/IANA time zone/);
  });
});
