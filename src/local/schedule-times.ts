import { parseScheduleExpression, type CronFields, type ScheduleExpression } from "../catalog/schedule-expression.js";

/**
 * When an EventBridge Scheduler expression fires next, after `from`, read in its time zone:
 * `rate(...)` every interval from when dev started it, `cron(...)` on its fields, `at(...)`
 * once. Undefined when it never fires again.
 */
export function nextRun(text: string, timezone: string, from: Date, startedAt: Date): Date | undefined {
  const parsed = parseScheduleExpression(text);
  if (!parsed.expression) return undefined;
  return nextOf(parsed.expression, timezone || "UTC", from, startedAt);
}

function nextOf(expression: ScheduleExpression, timezone: string, from: Date, startedAt: Date): Date | undefined {
  if (expression.kind === "rate") {
    const unitMs = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[expression.unit];
    const every = expression.value * unitMs;
    const elapsed = Math.max(0, from.getTime() - startedAt.getTime());
    return new Date(startedAt.getTime() + (Math.floor(elapsed / every) + 1) * every);
  }
  if (expression.kind === "at") {
    const at = fromZoned(expression.time, timezone);
    return at > from ? at : undefined;
  }
  // Minute by minute over the next five years: under a second even for a rare expression.
  const start = Math.floor(from.getTime() / 60_000 + 1) * 60_000;
  for (let t = start, end = start + 5 * 366 * 86_400_000; t < end; t += 60_000) {
    if (cronMatches(expression.fields, zonedFields(new Date(t), timezone))) return new Date(t);
  }
  return undefined;
}

interface Zoned {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 1 = Sunday, as AWS cron counts. */
  weekday: number;
  daysInMonth: number;
}

const weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const formats = new Map<string, Intl.DateTimeFormat>();

function zonedFields(date: Date, timezone: string): Zoned {
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "short",
    });
    formats.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  const year = Number(parts.year);
  const month = Number(parts.month);
  return {
    year,
    month,
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: weekdayNames.indexOf(parts.weekday!) + 1,
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  };
}

/** `2030-01-01T09:00:00` in a time zone, as an instant. */
function fromZoned(local: string, timezone: string): Date {
  const guess = new Date(`${local}Z`);
  const z = zonedFields(guess, timezone);
  const shown = Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute);
  return new Date(guess.getTime() - (shown - Math.floor(guess.getTime() / 60_000) * 60_000));
}

const monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

function value(text: string, names?: string[]): number {
  const named = names?.indexOf(text) ?? -1;
  return named >= 0 ? named + 1 : Number(text);
}

/** One field of `,`-separated items: `*`, `n`, `a-b`, each with an optional `/step`. */
function listMatches(field: string, actual: number, min: number, max: number, names?: string[]): boolean {
  return field.split(",").some((item) => {
    const [base = "*", stepText] = item.split("/");
    const step = stepText ? Number(stepText) : 1;
    let low = min;
    let high = max;
    if (base !== "*") {
      const [a, b] = base.split("-");
      low = value(a!, names);
      high = b === undefined ? (stepText ? max : low) : value(b, names);
    }
    return actual >= low && actual <= high && (actual - low) % step === 0;
  });
}

function dayOfMonthMatches(field: string, z: Zoned): boolean {
  if (field === "?" || field === "*") return true;
  if (field === "L") return z.day === z.daysInMonth;
  if (field === "LW") return z.day === nearestWeekday(z, z.daysInMonth);
  const w = /^(\d+)W$/.exec(field);
  if (w) return z.day === nearestWeekday(z, Math.min(Number(w[1]), z.daysInMonth));
  return listMatches(field, z.day, 1, 31);
}

/** The weekday (Monday to Friday) nearest a day of the month, not leaving the month. */
function nearestWeekday(z: Zoned, target: number): number {
  const weekdayOf = (day: number) => ((z.weekday - 1 + (day - z.day)) % 7 + 7) % 7; // 0 = Sunday
  const w = weekdayOf(target);
  if (w === 6) return target === 1 ? 3 : target - 1;
  if (w === 0) return target === z.daysInMonth ? target - 2 : target + 1;
  return target;
}

function dayOfWeekMatches(field: string, z: Zoned): boolean {
  if (field === "?" || field === "*") return true;
  if (field === "L") return z.weekday === 7;
  const last = /^([0-9A-Z]+)L$/.exec(field);
  if (last) return z.weekday === value(last[1]!, dayNames) && z.day + 7 > z.daysInMonth;
  const nth = /^([0-9A-Z]+)#(\d)$/.exec(field);
  if (nth) return z.weekday === value(nth[1]!, dayNames) && Math.ceil(z.day / 7) === Number(nth[2]);
  return listMatches(field, z.weekday, 1, 7, dayNames);
}

function cronMatches(f: CronFields, z: Zoned): boolean {
  return (
    listMatches(f.minutes, z.minute, 0, 59) &&
    listMatches(f.hours, z.hour, 0, 23) &&
    listMatches(f.month, z.month, 1, 12, monthNames) &&
    listMatches(f.year, z.year, 1970, 2199) &&
    dayOfMonthMatches(f.dayOfMonth, z) &&
    dayOfWeekMatches(f.dayOfWeek, z)
  );
}
