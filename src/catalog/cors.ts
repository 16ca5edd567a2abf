import { usageError } from "../errors.js";
import { quoted, type OptionDef, type OptionValue } from "./option.js";

/**
 * CORS for the HTTP and REST API triggers: one set of options (the same flags for both), so a
 * browser app on the origins named can call the API. Function URLs have their own (`--url-cors-origin`).
 */
const originPattern = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;
const defaultMethods = "GET,POST,PUT,DELETE";
const defaultHeaders = "content-type,authorization";
const list = (value: OptionValue) => String(value).split(",").map((v) => v.trim()).filter(Boolean);

export const corsOptions: readonly OptionDef[] = [
  {
    key: "corsOrigins",
    flag: "cors-origin",
    describe: "Browser origins allowed to call the API, comma-separated (https://app.example.com); * for any (warned)",
    type: "string",
    flagOnly: true,
    check: (v) => list(v).map((o) => (o === "*" || originPattern.test(o) ? undefined : `has ${quoted(o)}: an origin is scheme://host[:port], such as https://app.example.com`)).find(Boolean),
  },
  {
    key: "corsMethods",
    flag: "cors-methods",
    describe: `HTTP methods a browser may use across origins, comma-separated (default ${defaultMethods})`,
    type: "string",
    flagOnly: true,
    check: (v) => list(v).find((m) => !/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|\*)$/.test(m)) && "must be HTTP methods such as GET,POST",
  },
  {
    key: "corsHeaders",
    flag: "cors-headers",
    describe: `Request headers a browser may send across origins, comma-separated (default ${defaultHeaders})`,
    type: "string",
    flagOnly: true,
    check: (v) => list(v).find((h) => !/^([A-Za-z0-9-]+|\*)$/.test(h)) && "must be header names such as content-type,authorization",
  },
  {
    key: "corsCredentials",
    flag: "cors-credentials",
    describe: "Let browsers send cookies and Authorization across origins (never with --cors-origin *)",
    type: "boolean",
    flagOnly: true,
  },
];

/** Cross-option rules of the CORS options, for the triggers' finalize. */
export function finalizeCors(options: Record<string, OptionValue>, note?: (message: string) => void): Record<string, OptionValue> {
  const origins = list(options.corsOrigins ?? "");
  if (origins.length === 0) {
    // Nothing is recorded without origins, so a project without CORS keeps the spec it had.
    const stray = corsOptions.find((def) => def.key !== "corsOrigins" && options[def.key] !== undefined);
    if (stray) throw usageError(`--${stray.flag} needs --cors-origin <origin>`);
    return options;
  }
  if (origins.includes("*")) {
    // Browsers refuse credentials from a wildcard origin, and any page could act for a signed-in user.
    if (options.corsCredentials === true) throw usageError("--cors-origin * cannot go with --cors-credentials: name the origins that may send credentials");
    note?.("--cors-origin * lets any web page call this API from a visitor's browser: name the origins unless the API is public on purpose");
  }
  return { ...options, corsOrigins: origins.join(",") };
}

/** The CORS settings a trigger's construct takes, or undefined without origins. */
export function corsSettings(options: Record<string, OptionValue>) {
  const origins = list(options.corsOrigins ?? "");
  if (origins.length === 0) return undefined;
  return {
    allowOrigins: origins,
    allowMethods: list(options.corsMethods ?? defaultMethods),
    allowHeaders: list(options.corsHeaders ?? defaultHeaders),
    allowCredentials: options.corsCredentials === true,
  };
}
