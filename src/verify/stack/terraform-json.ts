/**
 * A small reader for the Terraform JSON that cdktf synthesizes (`cdktf.out/stacks/<name>/cdk.tf.json`):
 * resources by type with their addresses, and references (`${aws_sqs_queue.jobs_ABC.arn}`)
 * resolved to the resource they point at. It reads; it never evaluates Terraform. The check
 * step's structural checks and the security rules both read stacks through it, so that they
 * agree on what a reference or a function name points at.
 */

export interface TfResource {
  /** `aws_sqs_queue` */
  type: string;
  /** `jobs_queue_ABC123` (cdktf's unique id) */
  name: string;
  /** `aws_sqs_queue.jobs_queue_ABC123`, or `data.aws_iam_policy_document.x` for a data source */
  address: string;
  mode: "managed" | "data";
  /** The resource's arguments as synthesized (snake_case keys, references as `${...}` strings). */
  body: Record<string, any>;
}

/** One traversal found inside a `${...}` interpolation. */
export interface TfRef {
  address: string;
  type: string;
  name: string;
  mode: "managed" | "data";
  /** The attribute read, e.g. `arn`; absent for a bare `aws_x.y`. */
  attr?: string;
}

/** Splits a Terraform string into literal text and `${...}` interpolations (inner text, unparsed). */
export function interpolations(value: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === "$" && value[i + 1] === "$" && value[i + 2] === "{") {
      i += 2; // `$${` is a literal `${`
      continue;
    }
    if (value[i] === "$" && value[i + 1] === "{") {
      const end = matchingBrace(value, i + 1);
      if (end < 0) break;
      found.push(value.slice(i + 2, end));
      i = end;
    }
  }
  return found;
}

/**
 * Index of the `}` closing the `{` at `open`, skipping quoted strings (which may hold their
 * own interpolations). -1 when unbalanced.
 */
export function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = skipString(text, i);
      if (i < 0) return -1;
      continue;
    }
    if (c === "{" || c === "[" || c === "(") depth++;
    else if (c === "}" || c === "]" || c === ")") {
      depth--;
      if (depth === 0) return c === "}" ? i : -1;
    }
  }
  return -1;
}

/** Index of the closing quote of the string opening at `open`. */
function skipString(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "$" && text[i + 1] === "{") {
      const end = matchingBrace(text, i + 1);
      if (end < 0) return -1;
      i = end;
      continue;
    }
    if (c === '"') return i;
  }
  return -1;
}

const traversal = /(?<![\w.-])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.([A-Za-z_]\w*))?/g;

/** The whole string is one interpolation, e.g. `${aws_sqs_queue.q.arn}`: its inner text, else undefined. */
export function wholeInterpolation(value: string): string | undefined {
  if (!value.startsWith("${")) return undefined;
  return matchingBrace(value, 1) === value.length - 1 ? value.slice(2, -1) : undefined;
}

/** Traversals in the text of an expression, whether or not the stack defines what they name. */
function traversals(expression: string): TfRef[] {
  return [...expression.matchAll(traversal)].map((m) => {
    const mode = m[1] ? "data" : "managed";
    const [type, name] = [m[2]!, m[3]!];
    return { address: `${typeKey({ mode, type })}.${name}`, type, name, mode, ...(m[4] ? { attr: m[4] } : {}) };
  });
}

/** Traversals in every `${...}` of a value, whether or not the stack defines what they name. */
function traversalsIn(value: unknown): TfRef[] {
  return stringsIn(value).flatMap((s) => interpolations(s).flatMap(traversals));
}

/** Every string inside a value; cdktf's `//` metadata is not part of the configuration. */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (isObject(value)) return Object.entries(value).flatMap(([k, v]) => (k.startsWith("//") ? [] : stringsIn(v)));
  return [];
}

/** `aws_sqs_queue`, or `data.aws_iam_policy_document` for a data source: how callers name a type. */
function typeKey(r: Pick<TfResource, "mode" | "type">): string {
  return r.mode === "data" ? `data.${r.type}` : r.type;
}

/** The synthesized stack, indexed. */
export class TerraformJson {
  private readonly byAddress = new Map<string, TfResource>();
  private readonly byType = new Map<string, TfResource[]>();

  constructor(readonly stack: any) {
    this.index(stack?.resource, "managed");
    this.index(stack?.data, "data");
  }

  private index(section: unknown, mode: TfResource["mode"]): void {
    if (!isObject(section)) return;
    for (const [type, entries] of Object.entries(section)) {
      if (!isObject(entries)) continue;
      for (const [name, body] of Object.entries(entries)) {
        if (!isObject(body)) continue;
        const key = typeKey({ mode, type });
        const resource: TfResource = { type, name, address: `${key}.${name}`, mode, body };
        this.byAddress.set(resource.address, resource);
        this.byType.set(key, [...(this.byType.get(key) ?? []), resource]);
      }
    }
  }

  /** Managed resources of one type (`aws_sqs_queue`), or data sources with `data.` in front. */
  resources(type: string): TfResource[] {
    return this.byType.get(type) ?? [];
  }

  get(address: string): TfResource | undefined {
    return this.byAddress.get(address);
  }

  /** Every reference to a resource of this stack inside a value (strings, arrays, objects). */
  refs(value: unknown): TfRef[] {
    return traversalsIn(value).filter((r) => this.byAddress.has(r.address));
  }

  /** References in the text of an expression (inside `${}`, or an HCL expression). */
  refsInExpression(expression: string): TfRef[] {
    return traversals(expression).filter((r) => this.byAddress.has(r.address));
  }

  /** References inside a value to resources of `types` that the stack does not define. */
  unresolved(value: unknown, types: readonly string[]): TfRef[] {
    return traversalsIn(value).filter((r) => types.includes(typeKey(r)) && !this.byAddress.has(r.address));
  }

  /** The resources a value refers to, in order (only those of `types`, when given). */
  private referenced(value: unknown, types?: readonly string[]): TfResource[] {
    return this.refs(value).flatMap((r) => this.byAddress.get(r.address) ?? []).filter((t) => !types || types.includes(typeKey(t)));
  }

  /**
   * The resource a value points at: the first reference in it (of one of `types`, when given).
   * `${aws_lambda_alias.live.arn}` resolves to the alias, not to its function.
   */
  resolve(value: unknown, types?: readonly string[]): TfResource | undefined {
    return this.referenced(value, types)[0];
  }

  /** True when `value` refers to `target` (through any attribute, or the given ones). */
  refersTo(value: unknown, target: TfResource, attrs?: readonly string[]): boolean {
    return this.refs(value).some((r) => r.address === target.address && (!attrs || (r.attr !== undefined && attrs.includes(r.attr))));
  }

  /**
   * The Lambda function a value names: a reference to the function or to one of its aliases,
   * or a literal function name or ARN (see `functionsNamed`).
   */
  lambdaFunction(value: unknown): { fn: TfResource; alias?: TfResource } | undefined {
    const target = this.resolve(value, ["aws_lambda_function", "aws_lambda_alias"]);
    if (target?.type === "aws_lambda_alias") {
      const fn = this.lambdaFunction(target.body.function_name);
      return fn ? { fn: fn.fn, alias: target } : undefined;
    }
    const fn = target ?? (typeof value === "string" ? this.functionsNamed(value)[0] : undefined);
    return fn ? { fn } : undefined;
  }

  /**
   * Every Lambda function anything inside a value points at, where `lambdaFunction` takes the
   * first: an invoker's block may name several, and a wiring check asks whether any is the one.
   */
  functions(value: unknown): TfResource[] {
    const found = new Set<TfResource>();
    for (const target of this.referenced(value, ["aws_lambda_function", "aws_lambda_alias"])) {
      const fns = target.type === "aws_lambda_alias" ? this.functions(target.body.function_name) : [target];
      fns.forEach((f) => found.add(f));
    }
    for (const literal of stringsIn(value)) this.functionsNamed(literal).forEach((f) => found.add(f));
    return [...found];
  }

  /**
   * The functions a literal names: Lambda takes a function name, its ARN, or a partial ARN
   * (`123456789012:function:name`); either ARN may end in a `:qualifier`.
   */
  private functionsNamed(literal: string): TfResource[] {
    if (literal.includes("${")) return [];
    return this.resources("aws_lambda_function").filter(({ body: { function_name: name } }) => {
      return typeof name === "string" && (literal === name || literal.endsWith(`:function:${name}`) || literal.includes(`:function:${name}:`));
    });
  }

  /** The S3 bucket a `bucket` argument names (a reference to it, or its literal name). */
  bucket(value: unknown): TfResource | undefined {
    const target = this.resolve(value, ["aws_s3_bucket"]);
    if (target) return target;
    if (typeof value !== "string") return undefined;
    return this.resources("aws_s3_bucket").find((b) => b.body.bucket === value);
  }
}

export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Nested blocks come out of cdktf as an object or as a list of objects; always a list here. */
export function blocks(v: unknown): Record<string, any>[] {
  if (Array.isArray(v)) return v.filter(isObject);
  return isObject(v) ? [v] : [];
}

/** The first block of a single-nested block, or undefined. */
export function block(v: unknown): Record<string, any> | undefined {
  return blocks(v)[0];
}

/** `true` or `"true"` (cdktf keeps booleans, but a token may have been stringified). */
export function isTrue(v: unknown): boolean {
  return v === true || v === "true";
}

/** A literal number (or numeric string); undefined for references and absent values. */
export function literalNumber(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

/** Present and not an empty string/list. */
export function isSet(v: unknown): boolean {
  if (v === undefined || v === null || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}
