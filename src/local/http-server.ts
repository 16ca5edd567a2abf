import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { functionErrorResponse, matchRoute, requestEvent, responseFrom, type HttpTrigger } from "./http-events.js";
import type { Invocation } from "./runners/runner.js";

/** One HTTP function, served under `/<name>/` with the event shape of its trigger. */
export interface HttpMount {
  fn: string;
  trigger: HttpTrigger;
  /** HTTP API: the route keys of its routes (`ANY /{proxy+}`); a request no route matches gets API Gateway's 404. */
  routeKeys: string[];
  /** REST API: the stage the event names. */
  stage?: string;
  /** Function URL with AWS_IAM auth (not checked locally; the event names a stand-in caller). */
  iamAuth?: boolean;
}

export interface LocalServer {
  url: string;
  close(): Promise<void>;
}

/** The path of the on-demand invoke endpoint: POST an event (or nothing, for the function's sample event). */
export const invokePath = "/_lambdaform/invoke/";

export async function startHttpServer(o: {
  port: number;
  mounts: HttpMount[];
  region: string;
  accountId: string;
  invoke(fn: string, event: unknown): Promise<Invocation>;
  /** The event an on-demand invoke without a body sends: the schedule's input, else the first sample event. */
  sampleEvent(fn: string): unknown;
  functions: string[];
}): Promise<LocalServer> {
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const body = await readBody(request);
    if (url.pathname.startsWith(invokePath)) return onDemand(decodeURIComponent(url.pathname.slice(invokePath.length)), request, body, response);
    const [, first = "", ...rest] = url.pathname.split("/");
    const mount = o.mounts.find((m) => m.fn === first);
    if (!mount) {
      return send(response, 404, { message: `no function at /${first}; served here: ${o.mounts.map((m) => `/${m.fn}/`).join(", ") || "none"}` });
    }
    const path = `/${rest.join("/")}`;
    const method = request.method ?? "GET";
    let routeKey: string | undefined;
    let pathParameters: Record<string, string> | undefined;
    if (mount.trigger === "http-api") {
      for (const key of mount.routeKeys) {
        pathParameters = matchRoute(key, method, path);
        if (pathParameters) {
          routeKey = key;
          break;
        }
      }
      if (!routeKey) return send(response, 404, { message: "Not Found" });
    }
    const event = requestEvent(
      { method, path, rawQueryString: url.search.slice(1), rawHeaders: request.rawHeaders, body, sourceIp: request.socket.remoteAddress ?? "127.0.0.1" },
      { trigger: mount.trigger, region: o.region, accountId: o.accountId, routeKey, stage: mount.stage, pathParameters, iamAuth: mount.iamAuth },
    );
    const result = await o.invoke(mount.fn, event);
    const reply = result.ok ? responseFrom(mount.trigger, result.payload) : functionErrorResponse(mount.trigger);
    response.writeHead(reply.statusCode, { ...reply.headers, "x-amzn-requestid": result.requestId });
    response.end(reply.body);
  };

  /** Lambda's Invoke API, roughly: 200 with the result, or the error with X-Amz-Function-Error. */
  const onDemand = async (fn: string, request: IncomingMessage, body: Buffer, response: ServerResponse) => {
    if (!o.functions.includes(fn)) return send(response, 404, { message: `no function ${fn}; functions: ${o.functions.join(", ")}` });
    if (request.method !== "POST") return send(response, 405, { message: "POST an event (JSON), or nothing for the function's sample event" });
    let event: unknown;
    try {
      event = body.length > 0 ? JSON.parse(body.toString("utf8")) : o.sampleEvent(fn);
    } catch (error) {
      return send(response, 400, { message: `the event is not JSON: ${error instanceof Error ? error.message : String(error)}` });
    }
    const result = await o.invoke(fn, event);
    response.writeHead(200, {
      "content-type": "application/json",
      "x-amzn-requestid": result.requestId,
      ...(result.ok ? {} : { "x-amz-function-error": "Unhandled" }),
    });
    response.end(result.ok ? result.payload : JSON.stringify(result.error));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { message: `lambdaform dev: ${error instanceof Error ? error.message : String(error)}` });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : o.port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}
