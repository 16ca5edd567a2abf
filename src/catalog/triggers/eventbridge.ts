import type { OptionValue } from "../option.js";
import type { TriggerDef } from "../trigger.js";

/**
 * EventBridge's default quota for an event pattern, in characters; the AWS provider for
 * Terraform refuses longer ones at plan time whatever the account's quota (it checks 2048).
 */
export const maxPatternLength = 2048;

function checkPattern(value: unknown): string | undefined {
  const text = String(value);
  if (text.length > maxPatternLength) return `is ${text.length} characters; EventBridge takes at most ${maxPatternLength}`;
  let pattern: unknown;
  try {
    pattern = JSON.parse(text);
  } catch {
    return "must be a JSON object";
  }
  if (!isObject(pattern) || Object.keys(pattern).length === 0) {
    return "must be a non-empty JSON object such as {\"source\":[\"my.app\"]}";
  }
  return leafProblem(pattern, "");
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * EventBridge matches on arrays of values: every field ends in an array (of plain values or
 * content filters such as {"prefix": "a"}), or nests further. `$or` takes an array of patterns.
 */
function leafProblem(pattern: Record<string, unknown>, path: string): string | undefined {
  for (const [key, value] of Object.entries(pattern)) {
    const where = path ? `${path}.${key}` : key;
    if (key === "$or") {
      if (!Array.isArray(value) || value.length === 0) return `must give ${where} a non-empty array of patterns`;
      for (const [i, branch] of value.entries()) {
        if (!isObject(branch) || Object.keys(branch).length === 0) return `must make ${where}[${i}] a non-empty pattern object`;
        const problem = leafProblem(branch, path);
        if (problem) return problem;
      }
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) return `must list at least one value for ${where}`;
      if (value.some(Array.isArray)) return `must not nest arrays in ${where}: list plain values or filters such as {"prefix": "a"}`;
      continue;
    }
    if (!isObject(value)) return `must give ${where} an array of values, e.g. [${JSON.stringify(value)}]`;
    const problem = leafProblem(value, where);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * The values an event must carry to match a pattern, as far as the pattern lists plain values:
 * the first one listed for each field (`"source": ["my.app"]` gives `source: "my.app"`), nested
 * objects followed. Content filters (`prefix`, `numeric`, `anything-but`...) and `$or` add nothing.
 */
function matchingFields(pattern: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pattern)) {
    if (key.startsWith("$")) continue;
    if (Array.isArray(value)) {
      const plain = value.find((v) => v === null || typeof v !== "object");
      if (plain !== undefined) fields[key] = plain;
    } else if (typeof value === "object" && value !== null) {
      fields[key] = matchingFields(value as Record<string, unknown>);
    }
  }
  return fields;
}

/** What the sample events and the README need: events that match the pattern, with an item (or not) as detail. */
function sampleEvents(options: Record<string, OptionValue>) {
  const fields = matchingFields(JSON.parse(String(options.pattern)) as Record<string, unknown>);
  const text = (value: unknown, fallback: string) => (typeof value === "string" ? value : fallback);
  const detail = typeof fields.detail === "object" && fields.detail !== null ? fields.detail : {};
  const source = text(fields.source, "my.app");
  const detailType = text(fields["detail-type"], "ItemCreated");
  const itemDetail = { id: "item-7", name: "Green lamp", ...detail };
  const entries = JSON.stringify([{ Source: source, DetailType: detailType, Detail: JSON.stringify(itemDetail) }]);
  return {
    source,
    detailType,
    itemDetail,
    // Matches the pattern too, but is no item: an item's id is a string.
    invalidDetail: { ...detail, id: 7, name: "Green lamp" },
    /** `aws events put-events --entries <this>`, quoted for a POSIX shell. */
    putEventsEntries: `'${entries.replaceAll("'", "'\\''")}'`,
  };
}

export const eventbridge: TriggerDef = {
  id: "eventbridge",
  attach: "another rule",
  title: "EventBridge rule (event pattern)",
  functionName: "events",
  invocation: "async",
  options: [
    {
      key: "pattern",
      flag: "event-pattern",
      describe: "Event pattern (JSON)",
      type: "string",
      default: '{"source":["my.app"],"detail-type":["ItemCreated"]}',
      check: checkPattern,
    },
  ],
  templateData: sampleEvents,
};
