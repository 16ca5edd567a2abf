/**
 * A small reader for the Terraform JSON that cdktf synthesizes (`cdktf.out/stacks/<name>/cdk.tf.json`):
 * resources by type with their addresses, and references (`${aws_sqs_queue.jobs_ABC.arn}`)
 * resolved to the resource they point at. It reads; it never evaluates Terraform.
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
        const address = mode === "data" ? `data.${type}.${name}` : `${type}.${name}`;
        const resource: TfResource = { type, name, address, mode, body };
        this.byAddress.set(address, resource);
        const key = mode === "data" ? `data.${type}` : type;
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
    const out: TfRef[] = [];
    const visit = (v: unknown): void => {
      if (typeof v === "string") {
        for (const inner of interpolations(v)) this.refsInExpression(inner, out);
      } else if (Array.isArray(v)) v.forEach(visit);
      else if (isObject(v)) Object.entries(v).forEach(([k, x]) => !k.startsWith("//") && visit(x));
    };
    visit(value);
    return out;
  }

  /** References in the text of an expression (inside `${}`, or an HCL expression). */
  refsInExpression(expression: string, out: TfRef[] = []): TfRef[] {
    for (const m of expression.matchAll(traversal)) {
      const mode = m[1] ? "data" : "managed";
      const type = m[2]!;
      const name = m[3]!;
      const address = mode === "data" ? `data.${type}.${name}` : `${type}.${name}`;
      if (!this.byAddress.has(address)) continue;
      out.push({ address, type, name, mode, ...(m[4] ? { attr: m[4] } : {}) });
    }
    return out;
  }

  /**
   * The resource a value points at: the first reference in it (of one of `types`, when given).
   * `${aws_lambda_alias.live.arn}` resolves to the alias, not to its function.
   */
  resolve(value: unknown, types?: readonly string[]): TfResource | undefined {
    const ref = this.refs(value).find((r) => !types || types.includes(r.mode === "data" ? `data.${r.type}` : r.type));
    return ref ? this.byAddress.get(ref.address) : undefined;
  }

  /** True when `value` refers to `target` (through any attribute, or the given ones). */
  refersTo(value: unknown, target: TfResource, attrs?: readonly string[]): boolean {
    return this.refs(value).some((r) => r.address === target.address && (!attrs || (r.attr !== undefined && attrs.includes(r.attr))));
  }

  /**
   * The Lambda function a value names: a reference to the function or to one of its aliases,
   * a literal function name, or a literal function ARN.
   */
  lambdaFunction(value: unknown): { fn: TfResource; alias?: TfResource } | undefined {
    const target = this.resolve(value, ["aws_lambda_function", "aws_lambda_alias"]);
    if (target?.type === "aws_lambda_function") return { fn: target };
    if (target?.type === "aws_lambda_alias") {
      const fn = this.lambdaFunction(target.body.function_name);
      return fn ? { fn: fn.fn, alias: target } : undefined;
    }
    if (typeof value !== "string" || value.includes("${")) return undefined;
    const name = /^arn:[\w-]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(value)?.[1] ?? value;
    const fn = this.resources("aws_lambda_function").find((f) => f.body.function_name === name);
    return fn ? { fn } : undefined;
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
