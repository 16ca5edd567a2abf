import type { TriggerDef } from "../trigger.js";

const keyPart = (v: unknown) =>
  /^[A-Za-z0-9!_.*'()\-/]*$/.test(String(v)) ? undefined : "may use letters, digits and !_.*'()-/ only";

export const s3: TriggerDef = {
  id: "s3",
  title: "S3 object created",
  functionName: "objects",
  constructs: ["bucket"],
  invocation: "async",
  options: [
    { key: "prefix", flag: "s3-prefix", describe: "Only keys starting with", type: "string", default: "uploads/", check: keyPart },
    { key: "suffix", flag: "s3-suffix", describe: "Only keys ending with", type: "string", default: "", check: keyPart },
  ],
};
