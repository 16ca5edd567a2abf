import { describe, expect, it } from "vitest";
import { eventbridge } from "../src/catalog/triggers/eventbridge.js";
import { schedule } from "../src/catalog/triggers/schedule.js";

const scheduledTime = (expression: string, timezone: string) =>
  schedule.templateData!({ expression, timezone }).scheduledTime;

describe("schedule sample events", () => {
  it("use a time the schedule could fire at, in UTC as Scheduler writes it", () => {
    expect(scheduledTime("rate(5 minutes)", "UTC")).toBe("2024-03-13T09:20:00Z");
    // Paris is UTC+1 and New York UTC-4 (daylight saving) on the sample day.
    expect(scheduledTime("cron(0 12 * * ? *)", "Europe/Paris")).toBe("2024-03-13T11:00:00Z");
    expect(scheduledTime("cron(30 9 * * ? *)", "America/New_York")).toBe("2024-03-13T13:30:00Z");
    expect(scheduledTime("cron(0/15 8-17 ? * MON-FRI *)", "Asia/Kolkata")).toBe("2024-03-13T02:30:00Z");
    expect(scheduledTime("at(2030-01-01T00:00:00)", "Europe/Paris")).toBe("2029-12-31T23:00:00Z");
  });

  it("come only from time zones that exist: the option refuses others", () => {
    const timezone = schedule.options.find((o) => o.key === "timezone")!;
    expect(timezone.check!("Mars/Olympus_Mons")).toMatch(/IANA time zone/);
    expect(timezone.check!("UTC")).toBeUndefined();
    expect(timezone.check!("America/Argentina/Buenos_Aires")).toBeUndefined();
  });
});

describe("eventbridge sample events", () => {
  const samples = (pattern: unknown) => eventbridge.templateData!({ pattern: JSON.stringify(pattern) });

  it("carry the source, detail type and detail values the pattern lists", () => {
    expect(samples({ source: ["acme.orders", "acme.refunds"], "detail-type": ["OrderPlaced"], detail: { status: ["paid"] } })).toMatchObject({
      source: "acme.orders",
      detailType: "OrderPlaced",
      itemDetail: { id: "item-7", status: "paid" },
      invalidDetail: { id: 7, status: "paid" },
    });
  });

  it("fall back to a sample source and detail type when the pattern filters by content only", () => {
    expect(samples({ source: [{ prefix: "acme." }], $or: [{ account: ["123456789012"] }] })).toMatchObject({
      source: "my.app",
      detailType: "ItemCreated",
      itemDetail: { id: "item-7", name: "Green lamp" },
    });
  });

  it("quote the put-events entries for a shell, quotes included", () => {
    const { putEventsEntries } = samples({ source: ["o'brien.app"] });
    expect(putEventsEntries).toBe(`'[{"Source":"o'\\''brien.app","DetailType":"ItemCreated","Detail":"{\\"id\\":\\"item-7\\",\\"name\\":\\"Green lamp\\"}"}]'`);
  });
});
