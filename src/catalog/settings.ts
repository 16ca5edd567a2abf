import { engineIds } from "./engines.js";
import type { OptionDef, OptionValue } from "./option.js";
import { defaultRuntime, runtimes } from "./runtimes.js";

/** Lambda's hard limits and CloudWatch's accepted values, as AWS documents them. */
export const limits = {
  memoryMb: { min: 128, max: 10240 },
  timeoutSeconds: { min: 1, max: 900 },
  logRetentionDays: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653],
  /** The whole environment map, keys and values, must fit in 4 KB. */
  environmentBytes: 4096,
  /** AWS caps function names at 64; we reserve room for the suffixes we add (`-role`, `-dlq`). */
  projectNameLength: 32,
} as const;

export const namePattern = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function checkName(value: OptionValue): string | undefined {
  const name = String(value);
  if (!namePattern.test(name)) {
    return "must start with a letter and use lowercase letters, digits and single dashes";
  }
  if (name.length > limits.projectNameLength) return `must be at most ${limits.projectNameLength} characters`;
  return undefined;
}

const regionPattern = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export const projectOptions = {
  name: {
    key: "name",
    flag: "name",
    describe: "Project name",
    type: "string",
    check: checkName,
  },
  runtime: {
    key: "runtime",
    flag: "runtime",
    describe: "Runtime",
    type: "choice",
    choices: runtimes.map((r) => r.id),
    default: defaultRuntime,
  },
  region: {
    key: "region",
    flag: "region",
    describe: "AWS region",
    type: "string",
    default: "us-east-1",
    check: (v) => (regionPattern.test(String(v)) ? undefined : "must be an AWS region such as eu-west-1"),
    advanced: true,
  },
  // Not asked: cdktf stays the default until cdktn has been proven here (a template pack may set it).
  engine: {
    key: "engine",
    flag: "engine",
    describe: "CDK engine: cdktf (CDK for Terraform, archived upstream) or cdktn (CDK Terrain, its maintained fork; Node 22.11+)",
    type: "choice",
    choices: engineIds,
    default: "cdktf",
    flagOnly: true,
  },
} satisfies Record<string, OptionDef>;

/** Settings every function of the project shares. */
export const functionOptions = {
  arch: {
    key: "arch",
    flag: "arch",
    describe: "CPU architecture",
    type: "choice",
    choices: ["arm64", "x86_64"],
    default: "arm64",
    advanced: true,
  },
  memory: {
    key: "memory",
    flag: "memory",
    describe: "Memory (MB)",
    type: "integer",
    min: limits.memoryMb.min,
    max: limits.memoryMb.max,
    default: 256,
    advanced: true,
  },
  timeout: {
    key: "timeout",
    flag: "timeout",
    describe: "Timeout (seconds)",
    type: "integer",
    min: limits.timeoutSeconds.min,
    max: limits.timeoutSeconds.max,
    default: 10,
    advanced: true,
  },
  logRetention: {
    key: "logRetention",
    flag: "log-retention",
    describe: "Log retention (days)",
    type: "integer",
    allowed: limits.logRetentionDays,
    default: 30,
    advanced: true,
  },
  tracing: {
    key: "tracing",
    flag: "tracing",
    describe: "X-Ray tracing",
    type: "boolean",
    default: true,
    advanced: true,
  },
  reservedConcurrency: {
    key: "reservedConcurrency",
    flag: "reserved-concurrency",
    describe: "Reserved concurrency (none unless given)",
    type: "integer",
    min: 0,
    max: 10000,
    flagOnly: true,
    // Lambda takes 0 (it is how a function is switched off), so it is allowed, but never silently.
    warn: (v) => (v === 0 ? "0 switches the functions off: AWS throttles every invocation, so they never run" : undefined),
  },
  provisionedConcurrency: {
    key: "provisionedConcurrency",
    flag: "provisioned-concurrency",
    describe: "Provisioned concurrency, on a `live` alias (none unless given)",
    type: "integer",
    min: 1,
    max: 10000,
    flagOnly: true,
  },
  // Among the function settings so a template pack can default it (an org's on-call address).
  alarmEmail: {
    key: "alarmEmail",
    flag: "alarm-email",
    describe: "Email address every alarm notifies, through an encrypted SNS topic (none unless given)",
    type: "string",
    flagOnly: true,
    check: checkEmail,
  },
} satisfies Record<string, OptionDef>;

/** An address SNS accepts for an email subscription: one mailbox, no display name. */
function checkEmail(value: OptionValue): string | undefined {
  const email = String(value);
  if (email.length > 254) return "must be at most 254 characters";
  return /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(email)
    ? undefined
    : "must be an email address such as oncall@example.com";
}

export interface FunctionSettings {
  arch: "arm64" | "x86_64";
  memory: number;
  timeout: number;
  logRetention: number;
  tracing: boolean;
  reservedConcurrency?: number;
  provisionedConcurrency?: number;
  /** Where alarms are emailed; none when absent. */
  alarmEmail?: string;
  env: Record<string, string>;
}
