import { DependencyError, NotFoundError, ValidationError } from "./errors";
import { type Item, toItem } from "./items";
import { parseJson } from "./json-input";
import { MetricUnit, metrics, reportFailure } from "./observability";

/** What the HTTP-style triggers (HTTP API, REST API, function URL) have in common. */
export interface HttpRequest {
  method: string;
  path: string;
  body?: string | null;
  isBase64Encoded?: boolean;
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * What the items routes do with items: the handler's own logic, so each function
 * stores in and reads from the resources it uses, and the router knows none of them.
 */
export interface ItemLogic {
  /** Keeps a new item, already validated, and returns it as kept: POST /items answers 201 with it. */
  create(item: Item): Promise<Item>;
  /** Finds an item, or undefined: GET /items/{id} answers 404. */
  read(id: string): Promise<Item | undefined>;
}

type RouteHandler = (request: HttpRequest, params: string[]) => Promise<HttpResponse>;

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

/**
 * The items API: GET /health, POST /items, GET /items/{id}, over the handler's `items`. Add the
 * service's own routes here; errors thrown in them become responses in `errorResponse`.
 */
function routes(items: ItemLogic): { pattern: RegExp; methods: Record<string, RouteHandler> }[] {
  return [
    { pattern: /^\/health$/, methods: { GET: async () => jsonResponse(200, { status: "ok" }) } },
    {
      pattern: /^\/items$/,
      methods: {
        POST: async (request) => {
          const item = await items.create(toItem(parseJsonBody(request)));
          metrics.addMetric("ItemsCreated", MetricUnit.Count, 1);
          return jsonResponse(201, item);
        },
      },
    },
    {
      pattern: /^\/items\/([^/]+)$/,
      methods: {
        GET: async (_request, [id = ""]) => {
          const item = await items.read(decodePathSegment(id));
          if (!item) throw new NotFoundError(`no item ${id}`);
          return jsonResponse(200, item);
        },
      },
    },
  ];
}

/**
 * Routes a request, with `items` doing what the item routes mean to the function, and turns every
 * error into the response a client can act on.
 */
export async function handleHttp(request: HttpRequest, requestId: string, items: ItemLogic): Promise<HttpResponse> {
  try {
    const path = request.path.replace(/\/+$/, "") || "/";
    for (const { pattern, methods } of routes(items)) {
      const match = pattern.exec(path);
      if (!match) continue;
      const handler = methods[request.method.toUpperCase()];
      if (!handler) {
        return jsonResponse(
          405,
          { message: `${request.method} is not allowed on ${path}` },
          { allow: Object.keys(methods).join(", ") },
        );
      }
      return await handler(request, match.slice(1));
    }
    return jsonResponse(404, { message: `no route for ${path}` });
  } catch (error) {
    return errorResponse(error, requestId);
  }
}

export function errorResponse(error: unknown, requestId: string): HttpResponse {
  if (error instanceof ValidationError) return jsonResponse(400, { message: error.message });
  if (error instanceof NotFoundError) return jsonResponse(404, { message: error.message });
  // Logged at WARN when a retry may succeed; otherwise at ERROR with the AWS code, and counted.
  reportFailure("request failed", error);
  if (error instanceof DependencyError && error.transient) {
    // Throttled, a 5xx, a timeout: the client may try again shortly.
    return jsonResponse(503, { message: "a dependency is unavailable; try again", requestId }, { "retry-after": "1" });
  }
  // A bug (access denied, a missing table, a bad request to AWS): no retry fixes it.
  return jsonResponse(500, { message: "internal error", requestId });
}

/** A path segment's %-escapes decoded; one that is not valid UTF-8 (`50%`) is taken as it is. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function parseJsonBody(request: HttpRequest): unknown {
  const text = request.isBase64Encoded
    ? Buffer.from(request.body ?? "", "base64").toString("utf8")
    : (request.body ?? "");
  return parseJson(text, "the request body");
}
