/**
 * The few AWS API calls the local loop makes to the emulator, over plain HTTP: the emulator
 * checks no signature, so a request needs only the credential scope that names its region
 * and service. JSON protocols (SQS, Lambda, EventBridge, DynamoDB Streams, Scheduler) return
 * parsed JSON; the query and REST-XML ones (SNS, S3) return the XML text to pick values from.
 */
export class EmulatorApi {
  constructor(
    readonly endpoint: string,
    readonly region: string,
    /** Aborts requests in flight (a long poll) when dev stops. */
    private readonly signal?: AbortSignal,
  ) {}

  private headers(service: string, extra: Record<string, string> = {}): Record<string, string> {
    const day = new Date().toISOString().slice(0, 10).replaceAll("-", "");
    return {
      authorization: `AWS4-HMAC-SHA256 Credential=lambdaform/${day}/${this.region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
      ...extra,
    };
  }

  private async send(service: string, path: string, init: RequestInit & { headers?: Record<string, string> }): Promise<string> {
    const response = await fetch(new URL(path, this.endpoint), {
      ...init,
      headers: this.headers(service, init.headers),
      ...(this.signal ? { signal: this.signal } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new EmulatorApiError(service, path, response.status, text);
    return text;
  }

  /** A JSON-protocol action: `AmazonSQS.ReceiveMessage`, `AWSEvents.ListRules`, ... */
  async target<T = Record<string, unknown>>(service: string, target: string, body: unknown): Promise<T> {
    const text = await this.send(service, "/", {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": target },
      body: JSON.stringify(body),
    });
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** A REST-JSON call (Lambda, Scheduler). */
  async rest<T = Record<string, unknown>>(service: string, method: string, path: string, body?: unknown): Promise<T> {
    const text = await this.send(service, path, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** A query-protocol action (SNS): the XML answer. */
  query(service: string, params: Record<string, string>): Promise<string> {
    return this.send(service, "/", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(params).toString(),
    });
  }

  /** A REST-XML call (S3, path-style): the XML answer. */
  xml(service: string, method: string, path: string, body?: string): Promise<string> {
    return this.send(service, path, { method, ...(body === undefined ? {} : { body }) });
  }
}

export class EmulatorApiError extends Error {
  constructor(
    readonly service: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${service} ${path}: HTTP ${status} ${body.slice(0, 200)}`);
    this.name = "EmulatorApiError";
  }
}

/** The text of every `<tag>...</tag>` in an XML answer, unescaped (answers here are flat enough for that). */
export function xmlValues(xml: string, tag: string): string[] {
  const values: string[] = [];
  for (const match of xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g"))) values.push(unescapeXml(match[1]!));
  return values;
}

export function unescapeXml(text: string): string {
  return text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&apos;", "'")
    .replaceAll("&#34;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");
}
