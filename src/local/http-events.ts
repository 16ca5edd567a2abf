import { randomUUID } from "node:crypto";

/**
 * The events API Gateway and function URLs send to a function, built from a local request,
 * and the responses they make of what the function returns: HTTP API (payload format 2.0),
 * REST API (Lambda proxy integration, format 1.0) and function URLs (2.0, route `$default`).
 */

export type HttpTrigger = "http-api" | "rest-api" | "function-url";

export interface LocalRequest {
  method: string;
  /** The path the function's API sees (the local mount prefix removed), e.g. `/items/1`. */
  path: string;
  rawQueryString: string;
  /** Node's raw header list: name, value, name, value... */
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** Where the event says it came from; local values that read as what they are. */
export interface HttpSource {
  trigger: HttpTrigger;
  region: string;
  accountId: string;
  /** HTTP API: the route key the request matched (`ANY /{proxy+}`, `$default`); REST: the stage. */
  routeKey?: string;
  stage?: string;
  pathParameters?: Record<string, string>;
  /**
   * A function URL with AWS_IAM auth: its events carry the caller IAM authorized. Locally
   * nothing is signed or checked, so the caller is a stand-in named for what it is.
   */
  iamAuth?: boolean;
}

const apiId = "local";

/** Content types API Gateway passes as text; anything else arrives base64-encoded. */
export function isTextContent(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return (
    type.startsWith("text/") ||
    /^application\/(json|xml|javascript|x-www-form-urlencoded|graphql)$/.test(type) ||
    /\+(json|xml)$/.test(type)
  );
}

function headerMaps(rawHeaders: string[]) {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    (multi[name] ??= []).push(value);
    single[name] = name in single ? `${single[name]},${value}` : value;
  }
  return { single, multi };
}

function queryMaps(rawQueryString: string) {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    (multi[name] ??= []).push(value);
    single[name] = name in single ? `${single[name]},${value}` : value;
  }
  return { single, multi, empty: Object.keys(single).length === 0 };
}

/** `13/Mar/2024:09:21:44 +0000`, API Gateway's requestTime. */
function clfTime(date: Date): string {
  const month = date.toLocaleString("en-US", { month: "short", timeZone: "UTC" });
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(date.getUTCDate())}/${month}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

export function requestEvent(request: LocalRequest, source: HttpSource): Record<string, unknown> {
  const now = new Date();
  const headers = headerMaps(request.rawHeaders);
  const query = queryMaps(request.rawQueryString);
  const text = isTextContent(headers.single["content-type"]);
  const hasBody = request.body.length > 0;
  const body = hasBody ? request.body.toString(text ? "utf8" : "base64") : undefined;
  const userAgent = headers.single["user-agent"] ?? "";
  const domainName = headers.single.host ?? "127.0.0.1";
  const requestId = randomUUID();

  if (source.trigger === "rest-api") {
    const stage = source.stage ?? "local";
    return {
      resource: "/{proxy+}",
      path: request.path,
      httpMethod: request.method,
      headers: headers.single,
      multiValueHeaders: headers.multi,
      queryStringParameters: query.empty ? null : query.single,
      multiValueQueryStringParameters: query.empty ? null : query.multi,
      pathParameters: request.path === "/" ? null : { proxy: request.path.slice(1) },
      stageVariables: null,
      requestContext: {
        resourceId: apiId,
        resourcePath: "/{proxy+}",
        httpMethod: request.method,
        extendedRequestId: requestId,
        requestTime: clfTime(now),
        path: `/${stage}${request.path}`,
        accountId: source.accountId,
        protocol: "HTTP/1.1",
        stage,
        domainPrefix: apiId,
        requestTimeEpoch: now.getTime(),
        requestId,
        identity: { sourceIp: request.sourceIp, userAgent, accountId: null, caller: null, user: null, userArn: null },
        domainName,
        apiId,
      },
      body: body ?? null,
      isBase64Encoded: hasBody && !text,
    };
  }

  const routeKey = source.trigger === "function-url" ? "$default" : (source.routeKey ?? "$default");
  const cookies = headers.multi.cookie?.flatMap((c) => c.split(";").map((part) => part.trim())).filter(Boolean);
  const { cookie: _cookie, ...headersWithoutCookies } = headers.single;
  return {
    version: "2.0",
    routeKey,
    rawPath: request.path,
    rawQueryString: request.rawQueryString,
    ...(cookies?.length ? { cookies } : {}),
    headers: headersWithoutCookies,
    ...(query.empty ? {} : { queryStringParameters: query.single }),
    ...(source.pathParameters && Object.keys(source.pathParameters).length ? { pathParameters: source.pathParameters } : {}),
    requestContext: {
      accountId: source.trigger === "function-url" && !source.iamAuth ? "anonymous" : source.accountId,
      apiId,
      ...(source.iamAuth
        ? {
            authorizer: {
              iam: {
                accessKey: "LAMBDAFORMDEV",
                accountId: source.accountId,
                callerId: "LAMBDAFORMDEV",
                cognitoIdentity: null,
                principalOrgId: null,
                userArn: `arn:aws:iam::${source.accountId}:user/lambdaform-dev`,
                userId: "LAMBDAFORMDEV",
              },
            },
          }
        : {}),
      domainName,
      domainPrefix: apiId,
      http: { method: request.method, path: request.path, protocol: "HTTP/1.1", sourceIp: request.sourceIp, userAgent },
      requestId,
      routeKey,
      stage: "$default",
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: hasBody && !text,
  };
}

const json = (statusCode: number, message: string): HttpResponse => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: Buffer.from(JSON.stringify({ message })),
});

/** What the client gets when the function failed (threw, timed out, crashed). */
export function functionErrorResponse(trigger: HttpTrigger): HttpResponse {
  if (trigger === "rest-api") return json(502, "Internal server error");
  if (trigger === "function-url") return json(502, "Internal Server Error");
  return json(500, "Internal Server Error");
}

/**
 * The function's result as the client receives it. REST proxy integrations need a
 * `statusCode`, or the client gets 502; payload format 2.0 (HTTP API and function URLs) also
 * takes any other JSON value as a 200 `application/json` body.
 */
export function responseFrom(trigger: HttpTrigger, payload: string): HttpResponse {
  let result: unknown;
  try {
    result = JSON.parse(payload);
  } catch {
    return functionErrorResponse(trigger);
  }
  const structured = typeof result === "object" && result !== null && !Array.isArray(result) && "statusCode" in result;
  if (!structured) {
    if (trigger === "rest-api") return json(502, "Internal server error");
    return { statusCode: 200, headers: { "content-type": "application/json" }, body: Buffer.from(payload) };
  }
  const r = result as {
    statusCode: unknown;
    headers?: Record<string, unknown>;
    multiValueHeaders?: Record<string, unknown[]>;
    cookies?: string[];
    body?: unknown;
    isBase64Encoded?: boolean;
  };
  const statusCode = Number(r.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return functionErrorResponse(trigger);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(r.headers ?? {})) headers[name.toLowerCase()] = String(value);
  for (const [name, values] of Object.entries(r.multiValueHeaders ?? {})) headers[name.toLowerCase()] = values.map(String);
  if (r.cookies?.length) headers["set-cookie"] = r.cookies;
  const text = typeof r.body === "string" ? r.body : r.body === undefined || r.body === null ? "" : JSON.stringify(r.body);
  return { statusCode, headers, body: r.isBase64Encoded ? Buffer.from(text, "base64") : Buffer.from(text) };
}

/**
 * The HTTP API route a request matches, with its path parameters: `$default` matches
 * everything; `ANY` any method; `{name}` one segment; a trailing `{name+}` the rest of the path.
 */
export function matchRoute(routeKey: string, method: string, path: string): Record<string, string> | undefined {
  if (routeKey === "$default") return {};
  const [routeMethod, routePath = "/"] = routeKey.split(" ");
  if (routeMethod !== "ANY" && routeMethod !== method.toUpperCase()) return undefined;
  const want = routePath.split("/").filter(Boolean);
  const got = path.split("/").filter(Boolean);
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    const greedy = /^\{(.+)\+\}$/.exec(segment);
    if (greedy) {
      if (got.length <= index) return undefined;
      params[greedy[1]!] = got.slice(index).map(decodeURIComponent).join("/");
      return params;
    }
    const value = got[index];
    if (value === undefined) return undefined;
    const variable = /^\{(.+)\}$/.exec(segment);
    if (variable) params[variable[1]!] = decodeURIComponent(value);
    else if (segment !== value) return undefined;
  }
  return got.length === want.length ? params : undefined;
}
