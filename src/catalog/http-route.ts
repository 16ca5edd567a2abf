/**
 * API Gateway HTTP API route keys, checked by their grammar (API Gateway Developer Guide,
 * "Create routes for HTTP APIs"): `$default`, or a method and a resource path such as
 * `GET /pets/{petID}`; a greedy `{name+}` catches every child path and must come last.
 * A segment-by-segment parser, so a refusal names the segment and the reason.
 */

export const httpMethods = ["ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

/**
 * Literal segments: URL path characters that need no escaping. Narrower than RFC 3986 allows
 * (no `*`, `'`, `$`, `(`...) because the route is written into generated code comments and docs,
 * where `*` followed by `/` would end a comment.
 */
const literalSegment = /^[A-Za-z0-9._~:@-]+$/;
/** Path variable names: letters, digits, `_`, `.` and `-`, starting with a letter or `_`. */
const variableName = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Why `text` is not a route key, phrased to follow the flag's name; undefined when it is one. */
export function routeKeyProblem(text: string): string | undefined {
  if (text === "$default") return undefined;
  const match = /^(\S+) (\S.*)$/.exec(text);
  if (!match) return 'must be "$default" or "METHOD /path", e.g. "ANY /{proxy+}" or "GET /items/{id}"';
  const [, method, path] = match as unknown as [string, string, string];
  if (!(httpMethods as readonly string[]).includes(method)) {
    const upper = method.toUpperCase();
    return (httpMethods as readonly string[]).includes(upper)
      ? `method must be written in capitals: ${upper}`
      : `method "${method}" must be one of ${httpMethods.join(", ")}`;
  }
  return pathProblem(path);
}

function pathProblem(path: string): string | undefined {
  if (!path.startsWith("/")) return `path "${path}" must start with /`;
  if (path === "/") return undefined;
  const segments = path.slice(1).split("/");
  const seen = new Set<string>();
  for (const [index, segment] of segments.entries()) {
    if (segment === "") return `path "${path}" has an empty segment (// or a trailing /)`;
    const last = index === segments.length - 1;
    if (!segment.includes("{") && !segment.includes("}")) {
      if (!literalSegment.test(segment)) return `path segment "${segment}" may use letters, digits and - . _ ~ : @ only`;
      continue;
    }
    const variable = /^\{([^{}]*)\}$/.exec(segment);
    if (!variable) {
      const opens = [...segment].filter((c) => c === "{").length;
      const closes = [...segment].filter((c) => c === "}").length;
      if (opens !== closes) return `path segment "${segment}" has an unbalanced ${opens > closes ? "{ (no closing })" : "} (no opening {)"}`;
      return `path segment "${segment}" must be a whole {variable}: API Gateway matches a variable to a whole segment`;
    }
    const inner = variable[1]!;
    const greedy = inner.endsWith("+");
    const name = greedy ? inner.slice(0, -1) : inner;
    if (!variableName.test(name)) return `path variable "{${inner}}" needs a name of letters, digits, _ . - (starting with a letter or _)`;
    if (seen.has(name)) return `path variable {${name}} appears twice`;
    seen.add(name);
    if (greedy && !last) return `the greedy {${inner}} must be the last segment of the path`;
  }
  return undefined;
}
