/** Reading a synthesized cdk.tf.json: resources by type and the references between them. */

export type Body = Record<string, any>;
export type Stack = { resource?: Record<string, Record<string, Body>>; data?: Record<string, Record<string, Body>>; [key: string]: unknown };

export interface Ref {
  /** `aws_lambda_function`, or `data.aws_region` for a data source. */
  type: string;
  name: string;
}

/** `[name, body]` of every resource of one type. */
export function resourcesOf(stack: Stack, type: string): [string, Body][] {
  return Object.entries(stack.resource?.[type] ?? {});
}

export function resourceExists(stack: Stack, ref: Ref): boolean {
  return ref.type.startsWith("data.")
    ? stack.data?.[ref.type.slice(5)]?.[ref.name] !== undefined
    : stack.resource?.[ref.type]?.[ref.name] !== undefined;
}

const refPattern = /(?<![\w.-])(data\.)?(aws_[a-z0-9_]+)\.([A-Za-z_][\w-]*)/g;

/** Every `aws_*.<name>` reference inside a value's strings (cdktf's metadata excluded). */
export function refsIn(value: unknown): Ref[] {
  const refs: Ref[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (!v.includes("${")) return;
      for (const m of v.matchAll(refPattern)) refs.push({ type: (m[1] ?? "") + m[2]!, name: m[3]! });
    } else if (Array.isArray(v)) {
      v.forEach(walk);
    } else if (v && typeof v === "object") {
      for (const [key, inner] of Object.entries(v)) if (key !== "//") walk(inner);
    }
  };
  walk(value);
  return refs;
}

/** Every literal (expression-free) string inside a value. */
function literalsIn(value: unknown): string[] {
  if (typeof value === "string") return value.includes("${") ? [] : [value];
  if (Array.isArray(value)) return value.flatMap(literalsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(literalsIn);
  return [];
}

/**
 * The aws_lambda_function resources (by resource name) a value points at: directly, through
 * an aws_lambda_alias, or by a literal function name or ARN.
 */
export function functionsReferencedBy(stack: Stack, value: unknown): Set<string> {
  const found = new Set<string>();
  for (const ref of refsIn(value)) {
    if (ref.type === "aws_lambda_function" && resourceExists(stack, ref)) found.add(ref.name);
    if (ref.type === "aws_lambda_alias") {
      const alias = stack.resource?.aws_lambda_alias?.[ref.name];
      if (alias) functionsReferencedBy(stack, alias.function_name).forEach((f) => found.add(f));
    }
  }
  const literals = literalsIn(value);
  for (const [name, body] of resourcesOf(stack, "aws_lambda_function")) {
    const fnName = body.function_name;
    if (typeof fnName !== "string") continue;
    if (literals.some((l) => l === fnName || l.endsWith(`:function:${fnName}`) || l.includes(`:function:${fnName}:`))) found.add(name);
  }
  return found;
}

/** References to functions or aliases that the stack does not define. */
export function danglingLambdaRefs(stack: Stack, value: unknown): Ref[] {
  return refsIn(value).filter(
    (ref) => (ref.type === "aws_lambda_function" || ref.type === "aws_lambda_alias") && !resourceExists(stack, ref),
  );
}

/** A nested block as cdktf writes it: an object, or a list of objects. */
export function blocks(value: unknown): Body[] {
  if (Array.isArray(value)) return value.filter((v) => v && typeof v === "object");
  return value && typeof value === "object" ? [value as Body] : [];
}
