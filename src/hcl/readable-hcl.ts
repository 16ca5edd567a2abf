import { format } from "@cdktn/hcl-tools";

/**
 * Turns the HCL a CDK engine synthesizes (`SYNTH_HCL_OUTPUT`: right, since the engine knows
 * which arguments are blocks, but unindented, with construct-path names such as
 * `aws_sqs_queue.worker-sqs_source_queue_465DD44F`, quoted references and the short provider
 * source) into Terraform a team can keep: names without the hash suffix where they stay unique,
 * plain references, `hashicorp/aws`, a `moved` block per renamed resource so existing state
 * follows, formatted by Terraform's own formatter (`terraform fmt` leaves it as it is).
 *
 * The engine's output is one statement per line, so this works line by line; heredocs are left
 * as they are.
 */
export interface ReadableHcl {
  text: string;
  /** Resources whose address changed: `moved` blocks in the text say the same. */
  moved: { from: string; to: string }[];
}

export interface ReadableOptions {
  /** Rewrites the local backend's state path (the eject writes its files elsewhere). */
  statePath?: (path: string) => string;
}

const header = /^(resource|data) "([a-z0-9_]+)" "([^"]+)" \{$/;
const hashSuffix = /_[0-9A-F]{8}$/;

export async function readableHcl(raw: string, options: ReadableOptions = {}): Promise<ReadableHcl> {
  const lines = raw.split("\n");
  const renames = readableNames(lines);
  const moved: ReadableHcl["moved"] = [];
  for (const [address, to] of renames) if (!address.startsWith("data.")) moved.push({ from: address, to });

  const out: string[] = [];
  let inDependsOn = false;
  let inLocalBackend = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = /^([A-Za-z0-9_-]+ = )<<([A-Z]+)$/.exec(line);
    if (marker) {
      // A heredoc ends with a newline the engine's value lacks: chomp() keeps the value as it was.
      const end = lines.indexOf(marker[2]!, i + 1);
      const body = lines.slice(i + 1, end);
      const exact = body.at(-1) !== "";
      out.push(exact ? `${marker[1]}chomp(<<${marker[2]}` : line, ...body, marker[2]!, ...(exact ? [")"] : []));
      i = end;
      continue;
    }
    let text = renameReferences(line, renames);
    const head = header.exec(text);
    if (head) {
      const [, kind, type, name] = head;
      const address = kind === "data" ? `data.${type}.${name}` : `${type}.${name}`;
      const to = renames.get(address);
      if (to) text = `${kind} "${type}" "${to.split(".").at(-1)}" {`;
    }
    if (/^depends_on = \[$/.test(text)) inDependsOn = true;
    else if (inDependsOn && text.trim() === "]") inDependsOn = false;
    else if (inDependsOn) text = text.replace(/^"([^"]+)"(,?)$/, "$1$2");
    if (text === 'source = "aws"') text = 'source = "hashicorp/aws"';
    if (/^backend "local" \{$/.test(text)) inLocalBackend = true;
    else if (inLocalBackend && text.trim() === "}") inLocalBackend = false;
    else if (inLocalBackend && options.statePath) text = text.replace(/^path = "([^"]*)"$/, (_, p: string) => `path = ${JSON.stringify(options.statePath!(p))}`);
    // A blank line between top-level blocks, as people write them.
    if (/^(resource|data|output|provider|variable|locals) /.test(text) && out.length > 0 && out.at(-1) !== "") out.push("");
    out.push(unwrapInterpolation(text));
  }
  if (moved.length > 0) {
    out.push("", "# The engine named these resources after their construct paths; the names above are shorter.");
    for (const { from, to } of moved) out.push("moved {", `from = ${from}`, `to = ${to}`, "}");
  }
  return { text: await format(out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n"), moved };
}

/**
 * Old address → new one for every resource and data source whose name loses its hash suffix
 * (dashes become underscores) without meeting another name of its type.
 */
function readableNames(lines: readonly string[]): Map<string, string> {
  const declared: { kind: string; type: string; name: string }[] = [];
  for (const line of lines) {
    const head = header.exec(line);
    if (head) declared.push({ kind: head[1]!, type: head[2]!, name: head[3]! });
  }
  const key = (d: { kind: string; type: string }, name: string) => `${d.kind} ${d.type} ${name}`;
  const wanted = declared.map((d) => d.name.replace(hashSuffix, "").replaceAll("-", "_"));
  const count = new Map<string, number>();
  declared.forEach((d, i) => {
    for (const name of new Set([d.name, wanted[i]!])) count.set(key(d, name), (count.get(key(d, name)) ?? 0) + 1);
  });
  const renames = new Map<string, string>();
  declared.forEach((d, i) => {
    const name = wanted[i]!;
    if (name === d.name || count.get(key(d, name)) !== 1 || !/^[a-zA-Z_][a-zA-Z0-9_-]*$/.test(name)) return;
    const prefix = d.kind === "data" ? "data." : "";
    renames.set(`${prefix}${d.type}.${d.name}`, `${prefix}${d.type}.${name}`);
  });
  return renames;
}

/** Every reference to a renamed address, matched whole (not as a prefix of a longer name). */
function renameReferences(line: string, renames: ReadonlyMap<string, string>): string {
  if (!line.includes(".")) return line;
  return line.replace(/(?<![\w.-])(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?![\w-])/g, (match) => renames.get(match) ?? match);
}

/** `x = "${aws_sqs_queue.q.arn}"` → `x = aws_sqs_queue.q.arn`: a string that is one interpolation is that expression. */
function unwrapInterpolation(line: string): string {
  const m = /^((?:[A-Za-z0-9_-]+|"[^"]+") = )?"\$\{(.*)\}"(,?)$/.exec(line);
  if (!m) return line;
  const [, lead = "", inner, comma] = m;
  return closesAtEnd(inner!) ? `${lead}${inner}${comma}` : line;
}

/**
 * True when `${` + `expr` + `}` is one interpolation: the expression's braces and strings
 * balance, so its closing brace is the last character (not `${a}-${b}`).
 */
function closesAtEnd(expr: string): boolean {
  let depth = 0;
  const strings: number[] = []; // brace depth at which each open string started
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (strings.length > 0 && depth === strings.at(-1)) {
      if (c === "\\") i++;
      else if (c === '"') strings.pop();
      else if (c === "$" && expr[i + 1] === "{") {
        depth++;
        i++;
      }
      continue;
    }
    if (c === '"') strings.push(depth);
    else if (c === "{") depth++;
    else if (c === "}" && --depth < 0) return false;
  }
  return depth === 0 && strings.length === 0;
}
