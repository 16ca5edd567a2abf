/**
 * Evaluates the small part of HCL's expression language that cdktf writes into Terraform JSON
 * strings, e.g. `${jsonencode({"Statement" = [{"Action" = ["s3:GetObject"], "Resource" =
 * aws_s3_bucket.b.arn}]})}` for `Fn.jsonencode(...)`: objects, tuples, strings with
 * interpolations, numbers, booleans, null, references and a few functions.
 *
 * Anything it cannot evaluate statically (a reference, an unknown function) becomes the string
 * `${<its source>}`, the same form a reference takes inside a JSON string, so rules compare
 * both spellings alike.
 */

export class HclError extends Error {}

const literalFunctions: Record<string, (args: unknown[]) => unknown> = {
  jsonencode: ([v]) => JSON.stringify(v),
  concat: (args) => (args.every(Array.isArray) ? (args as unknown[][]).flat() : undefined),
  tolist: ([v]) => (Array.isArray(v) ? v : undefined),
  toset: ([v]) => (Array.isArray(v) ? [...new Set(v)] : undefined),
  flatten: ([v]) => (Array.isArray(v) ? v.flat(Infinity) : undefined),
  tostring: ([v]) => (typeof v === "string" ? v : undefined),
};

/** Evaluates one HCL expression (the text inside `${...}`). Throws HclError on syntax it does not know. */
export function evaluateHcl(source: string): unknown {
  const parser = new Parser(source);
  const value = parser.expression();
  parser.skipSpace();
  if (!parser.done()) throw new HclError(`unexpected "${source.slice(parser.pos, parser.pos + 20)}"`);
  return value;
}

/**
 * The value of a policy-like argument: a `${jsonencode(...)}` expression, a JSON document
 * (maybe with `${...}` references inside its strings), or undefined when neither.
 */
export function decodeJsonArgument(value: unknown): unknown {
  if (typeof value !== "string") return typeof value === "object" && value !== null ? value : undefined;
  const text = value.trim();
  if (text.startsWith("${") && text.endsWith("}")) {
    const inner = text.slice(2, -1).trim();
    const encoded = /^jsonencode\(([\s\S]*)\)$/.exec(inner);
    try {
      if (encoded) return evaluateHcl(encoded[1]!);
      const evaluated = evaluateHcl(inner);
      return typeof evaluated === "string" && !evaluated.startsWith("${") ? decodeJsonArgument(evaluated) : undefined;
    } catch (error) {
      if (error instanceof HclError) return undefined;
      throw error;
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

class Parser {
  pos = 0;
  constructor(private readonly src: string) {}

  done(): boolean {
    return this.pos >= this.src.length;
  }

  skipSpace(): void {
    for (;;) {
      const c = this.src[this.pos];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") this.pos++;
      else if (c === "#" || (c === "/" && this.src[this.pos + 1] === "/")) {
        while (!this.done() && this.src[this.pos] !== "\n") this.pos++;
      } else return;
    }
  }

  private peek(): string | undefined {
    this.skipSpace();
    return this.src[this.pos];
  }

  private expect(c: string): void {
    if (this.peek() !== c) throw new HclError(`expected "${c}" at ${this.pos}`);
    this.pos++;
  }

  expression(): unknown {
    this.skipSpace();
    const start = this.pos;
    const value = this.postfix(start, this.primary());
    // Operators and conditionals are not evaluated: keep the source as an opaque value.
    const next = this.peek();
    if (next !== undefined && "?+-*/%<>=!&|".includes(next) && !(next === "=" && this.src[this.pos + 1] !== "=")) {
      this.skipOperatorTail();
      return opaque(this.src.slice(start, this.pos).trim());
    }
    return value;
  }

  /** Consumes the rest of an operator expression up to the enclosing `,`, `]`, `}` or `)`. */
  private skipOperatorTail(): void {
    let depth = 0;
    while (!this.done()) {
      const c = this.src[this.pos]!;
      if (c === '"') {
        this.string();
        continue;
      }
      if (c === "{" || c === "[" || c === "(") depth++;
      else if (c === "}" || c === "]" || c === ")" || c === ",") {
        if (depth === 0) return;
        if (c !== ",") depth--;
      } else if (c === "\n" && depth === 0) return;
      this.pos++;
    }
  }

  /** Index or attribute access right after a literal (`[...][0]`) is not evaluated: opaque. */
  private postfix(start: number, value: unknown): unknown {
    return this.skipTraversal() ? opaque(this.src.slice(start, this.pos)) : value;
  }

  /** Consumes `.name`, `.*` and `[...]` steps; true when there was at least one. */
  private skipTraversal(): boolean {
    const start = this.pos;
    for (;;) {
      const c = this.src[this.pos];
      if (c === ".") {
        this.pos++;
        if (this.src[this.pos] === "*") this.pos++;
        else this.identifier();
      } else if (c === "[") this.skipBalanced("[", "]");
      else return this.pos > start;
    }
  }

  private primary(): unknown {
    const c = this.peek();
    if (c === undefined) throw new HclError("unexpected end of expression");
    if (c === "{") return this.object();
    if (c === "[") return this.tuple();
    if (c === '"') return this.string();
    if (c === "(") {
      this.pos++;
      const v = this.expression();
      this.expect(")");
      return v;
    }
    if (c === "-" || /[0-9]/.test(c)) return this.number();
    if (/[A-Za-z_]/.test(c)) return this.identifierExpression();
    throw new HclError(`unexpected "${c}" at ${this.pos}`);
  }

  private object(): Record<string, unknown> {
    this.expect("{");
    const out: Record<string, unknown> = {};
    while (this.peek() !== "}") {
      if (this.done()) throw new HclError("unterminated object");
      const key = this.objectKey();
      const sep = this.peek();
      if (sep !== "=" && sep !== ":") throw new HclError(`expected "=" after key ${key}`);
      this.pos++;
      out[key] = this.expression();
      if (this.peek() === ",") this.pos++;
    }
    this.pos++;
    return out;
  }

  private objectKey(): string {
    const c = this.peek();
    if (c === '"') return String(this.string());
    if (c === "(") {
      this.pos++;
      const v = this.expression();
      this.expect(")");
      return String(v);
    }
    return this.identifier();
  }

  private tuple(): unknown[] {
    this.expect("[");
    const out: unknown[] = [];
    while (this.peek() !== "]") {
      if (this.done()) throw new HclError("unterminated tuple");
      out.push(this.expression());
      if (this.peek() === ",") this.pos++;
    }
    this.pos++;
    return out;
  }

  private number(): number | unknown {
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.src.slice(this.pos));
    if (!m) throw new HclError(`bad number at ${this.pos}`);
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private identifier(): string {
    this.skipSpace();
    const m = /^[A-Za-z_][\w-]*/.exec(this.src.slice(this.pos));
    if (!m) throw new HclError(`expected a name at ${this.pos}`);
    this.pos += m[0].length;
    return m[0];
  }

  private identifierExpression(): unknown {
    const start = this.pos;
    const name = this.identifier();
    if (name === "true") return true;
    if (name === "false") return false;
    if (name === "null") return null;
    if (this.src[this.pos] === "(") {
      this.pos++;
      const args: unknown[] = [];
      while (this.peek() !== ")") {
        if (this.done()) throw new HclError(`unterminated call to ${name}`);
        args.push(this.expression());
        if (this.peek() === ",") this.pos++;
        else if (this.peek() === "." && this.src.startsWith("...", this.pos)) this.pos += 3;
      }
      this.pos++;
      const fn = literalFunctions[name];
      const value = fn?.(args);
      return value === undefined ? opaque(this.src.slice(start, this.pos)) : value;
    }
    // A traversal: aws_sqs_queue.q.arn, data.x.y.json, var.x, each.value[0]
    this.skipTraversal();
    return opaque(this.src.slice(start, this.pos));
  }

  private skipBalanced(open: string, close: string): void {
    let depth = 0;
    while (!this.done()) {
      const c = this.src[this.pos]!;
      if (c === '"') {
        this.string();
        continue;
      }
      this.pos++;
      if (c === open) depth++;
      else if (c === close && --depth === 0) return;
    }
    throw new HclError(`unbalanced ${open}`);
  }

  /** A quoted template. Interpolations that are not literal stay as `${...}` text. */
  private string(): string {
    this.expect('"');
    let out = "";
    while (!this.done()) {
      const c = this.src[this.pos]!;
      if (c === "\\") {
        const n = this.src[this.pos + 1];
        const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };
        if (n === "u" && /^[0-9a-fA-F]{4}$/.test(this.src.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(parseInt(this.src.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
        } else if (n !== undefined && n in escapes) {
          out += escapes[n];
          this.pos += 2;
        } else {
          // cdktf 0.21 writes backslashes unescaped; keep them literally
          out += c;
          this.pos++;
        }
        continue;
      }
      if ((c === "$" || c === "%") && this.src[this.pos + 1] === c && this.src[this.pos + 2] === "{") {
        out += c + "{";
        this.pos += 3;
        continue;
      }
      if (c === "$" && this.src[this.pos + 1] === "{") {
        const open = this.pos + 1;
        this.pos += 2;
        const innerStart = this.pos;
        let value: unknown;
        try {
          value = this.expression();
          this.expect("}");
        } catch (error) {
          if (!(error instanceof HclError)) throw error;
          // Fall back to the source text up to the matching brace.
          this.pos = open;
          this.skipBalanced("{", "}");
          value = opaque(this.src.slice(innerStart, this.pos - 1));
        }
        out += typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : opaque(this.src.slice(innerStart, this.pos - 1).trim());
        continue;
      }
      if (c === '"') {
        // cdktf 0.21 does not escape quotes inside strings; a quote that does not end the
        // string (nothing that may follow a value comes next) is part of it.
        if (/^[ \t]*(\r?\n|$|[,\]}):=?])/.test(this.src.slice(this.pos + 1))) {
          this.pos++;
          return out;
        }
      }
      out += c;
      this.pos++;
    }
    throw new HclError("unterminated string");
  }
}

function opaque(source: string): string {
  return "${" + source + "}";
}
