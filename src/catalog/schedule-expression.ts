/**
 * EventBridge Scheduler's schedule expressions, parsed by their documented grammar
 * (Scheduler User Guide, "Schedule types"): `rate(value unit)`, `cron(six fields)` and
 * `at(yyyy-mm-ddThh:mm:ss)`. Parsing, not pattern-matching, so a refusal can say which field
 * is wrong and why, and so later code (sample events) never meets a value it cannot use.
 */

export type ScheduleExpression =
  | { kind: "rate"; value: number; unit: "minute" | "hour" | "day" }
  | { kind: "cron"; fields: CronFields }
  | { kind: "at"; time: string };

/** The six cron fields as written, in AWS's order. */
export interface CronFields {
  minutes: string;
  hours: string;
  dayOfMonth: string;
  month: string;
  dayOfWeek: string;
  year: string;
}

/** A result that is either the parsed expression or the reason it is not one. */
export type Parsed = { expression: ScheduleExpression; problem?: undefined } | { expression?: undefined; problem: string };

const fail = (problem: string): Parsed => ({ problem });

export function parseScheduleExpression(text: string): Parsed {
  const call = /^(rate|cron|at)\((.*)\)$/s.exec(text);
  if (!call) return fail('must be "rate(5 minutes)", "cron(0 12 * * ? *)" or "at(2030-01-01T00:00:00)"');
  const [, kind, body] = call as unknown as [string, "rate" | "cron" | "at", string];
  if (kind === "rate") return parseRate(body);
  if (kind === "at") return parseAt(body);
  return parseCron(body);
}

// rate(value unit) ---------------------------------------------------------------------------

const rateUnits = ["minute", "hour", "day"] as const;

function parseRate(body: string): Parsed {
  const match = /^(\S+) (\S+)$/.exec(body);
  if (!match) return fail("rate takes a value and a unit, such as rate(5 minutes)");
  const [, valueText, unitText] = match as unknown as [string, string, string];
  if (!/^[1-9]\d*$/.test(valueText)) return fail(`rate value "${valueText}" must be a positive whole number`);
  const value = Number(valueText);
  const unit = rateUnits.find((u) => unitText === u || unitText === `${u}s`);
  if (!unit) return fail(`rate unit "${unitText}" must be minute(s), hour(s) or day(s)`);
  // AWS: "If the value is equal to 1, then the unit must be singular ... greater than 1, plural."
  if (value === 1 && unitText !== unit) return fail(`rate of 1 takes the singular unit: rate(1 ${unit})`);
  if (value > 1 && unitText === unit) return fail(`rate of ${value} takes the plural unit: rate(${value} ${unit}s)`);
  return { expression: { kind: "rate", value, unit } };
}

// at(yyyy-mm-ddThh:mm:ss) ----------------------------------------------------------------------

function parseAt(body: string): Parsed {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(body)) return fail("at takes a time as yyyy-mm-ddThh:mm:ss, such as at(2030-01-01T00:00:00)");
  // 2030-02-30 has the right shape but is no date: a real time survives a round trip.
  const time = Date.parse(`${body}Z`);
  if (Number.isNaN(time) || !new Date(time).toISOString().startsWith(body)) return fail(`has no such time: ${body}`);
  return { expression: { kind: "at", time: body } };
}

// cron(minutes hours day-of-month month day-of-week year) --------------------------------------

interface FieldDef {
  name: string;
  min: number;
  max: number;
  /** Names that stand for numbers (JAN = 1, SUN = 1). */
  names?: readonly string[];
}

const months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const weekdays = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const cronFields: readonly (FieldDef & { key: keyof CronFields })[] = [
  { key: "minutes", name: "minutes", min: 0, max: 59 },
  { key: "hours", name: "hours", min: 0, max: 23 },
  { key: "dayOfMonth", name: "day-of-month", min: 1, max: 31 },
  { key: "month", name: "month", min: 1, max: 12, names: months },
  { key: "dayOfWeek", name: "day-of-week", min: 1, max: 7, names: weekdays },
  { key: "year", name: "year", min: 1970, max: 2199 },
];

function parseCron(body: string): Parsed {
  const parts = body.split(" ");
  if (parts.length !== 6 || parts.some((p) => p === "")) {
    return fail("cron takes six fields separated by single spaces: minutes hours day-of-month month day-of-week year");
  }
  const fields = Object.fromEntries(cronFields.map((def, i) => [def.key, parts[i]!])) as unknown as CronFields;
  for (const def of cronFields) {
    const problem = fieldProblem(def, fields[def.key]);
    if (problem) return fail(problem);
  }
  // AWS: "If you specify a value or a * in one of the fields, you must use a ? in the other."
  const dayOfMonthAny = fields.dayOfMonth === "?";
  const dayOfWeekAny = fields.dayOfWeek === "?";
  if (dayOfMonthAny === dayOfWeekAny) {
    return fail(
      "cron needs ? in exactly one of day-of-month and day-of-week (AWS runs on one or the other), e.g. cron(0 12 * * ? *) or cron(0 12 ? * MON-FRI *)",
    );
  }
  return { expression: { kind: "cron", fields } };
}

/** Why one field's text is not valid for that field, or undefined. */
function fieldProblem(def: FieldDef & { key: keyof CronFields }, text: string): string | undefined {
  const where = `cron ${def.name} "${text}"`;
  if (text === "?") return def.key === "dayOfMonth" || def.key === "dayOfWeek" ? undefined : `${where}: ? is only for day-of-month or day-of-week`;
  // L, W and # each name one day; AWS documents them alone in their field ("3#1,6#3" is invalid).
  if (def.key === "dayOfMonth" && /[LW]/.test(text)) {
    const special = /^(L|LW|(\d+)W)$/.exec(text);
    if (!special) return `${where}: L, LW or a day with W (such as 15W) stand alone in day-of-month`;
    return special[2] === undefined ? undefined : rangeProblem(def, where, Number(special[2]));
  }
  // No weekday name has an L, so an L or # here is one of the specials.
  if (def.key === "dayOfWeek" && /[L#]/.test(text)) {
    const special = /^(?:L|([0-9A-Z]+?)L|([0-9A-Z]+)#(\d+))$/.exec(text);
    if (!special) return `${where}: L, a day with L (such as 6L) or day#n (such as MON#2) stand alone in day-of-week`;
    const day = special[1] ?? special[2];
    if (day !== undefined) {
      const problem = valueProblem(def, where, day);
      if (problem) return problem;
    }
    if (special[3] !== undefined && !/^[1-5]$/.test(special[3])) return `${where}: the n in day#n must be 1-5 (a month has at most five of a weekday)`;
    return undefined;
  }
  for (const item of text.split(",")) {
    const problem = itemProblem(def, where, item);
    if (problem) return problem;
  }
  return undefined;
}

/** One comma-separated item: `*`, a value, a range `a-b`, each optionally with a step `/n`. */
function itemProblem(def: FieldDef, where: string, item: string): string | undefined {
  if (item === "") return `${where}: an empty value between commas`;
  const [base = "", step, extra] = item.split("/");
  if (extra !== undefined) return `${where}: one / per value`;
  if (step !== undefined) {
    if (def.name === "day-of-week") return `${where}: / is not allowed in day-of-week`;
    if (!/^[1-9]\d*$/.test(step)) return `${where}: the step after / must be a positive whole number`;
    // A step longer than the field can never repeat; Quartz-style parsers refuse it too.
    if (Number(step) > def.max - def.min + 1) return `${where}: the step ${step} is longer than the ${def.name} field (${def.min}-${def.max})`;
  }
  if (base === "*") return undefined;
  const bounds = base.split("-");
  if (bounds.length > 2) return `${where}: a range has one - (such as 1-5)`;
  const values: number[] = [];
  for (const bound of bounds) {
    const problem = valueProblem(def, where, bound);
    if (problem) return problem;
    values.push(numberOf(def, bound));
  }
  if (values.length === 2 && values[0]! > values[1]!) return `${where}: the range runs backwards; write the lower value first`;
  return undefined;
}

function valueProblem(def: FieldDef, where: string, value: string): string | undefined {
  if (value === "") return `${where}: a value is missing`;
  if (/^\d+$/.test(value)) return rangeProblem(def, where, Number(value));
  if (def.names?.includes(value)) return undefined;
  if (def.names?.includes(value.toUpperCase())) return `${where}: write names in capitals (${value.toUpperCase()})`;
  const allowed = def.names ? `${def.min}-${def.max} or ${def.names[0]}-${def.names.at(-1)}` : `${def.min}-${def.max}`;
  return `${where}: "${value}" is not a value; ${def.name} takes ${allowed} with , - * /${def.name === "day-of-week" ? " ? L #" : def.name === "day-of-month" ? " ? L W" : ""}`;
}

function rangeProblem(def: FieldDef, where: string, value: number): string | undefined {
  return value < def.min || value > def.max ? `${where}: ${value} is out of range ${def.min}-${def.max}` : undefined;
}

function numberOf(def: FieldDef, value: string): number {
  const named = def.names?.indexOf(value) ?? -1;
  return named >= 0 ? named + 1 : Number(value);
}

/**
 * The first value a cron field lists (`0/15` gives 0, `8-17` gives 8, `MON-FRI` gives 2),
 * or undefined for `*`, `?` and the day specials: enough to pick a time the schedule fires at.
 */
export function firstCronValue(field: string, key: keyof CronFields): number | undefined {
  const def = cronFields.find((f) => f.key === key)!;
  const first = field.split(/[,/-]/)[0] ?? "";
  if (/^\d+$/.test(first)) return Number(first);
  return def.names?.includes(first) ? numberOf(def, first) : undefined;
}
