import { createHandlebars } from "../render/handlebars.js";

type Node = hbs.AST.Node;
type Path = hbs.AST.PathExpression;

const builtinHelpers = ["if", "unless", "each", "with", "lookup", "log"];
/** Helpers that keep the context: inside them, a bare name still means a root field. */
const sameContext = new Set(["if", "unless"]);

export interface TemplateScope {
  /** Root fields of the view this template is rendered with; undefined when it varies (partials). */
  rootFields?: ReadonlySet<string>;
  /** Pack question names, the fields of `pack`. */
  packFields: ReadonlySet<string>;
  partials: ReadonlySet<string>;
}

/**
 * Handlebars' strict mode stops at a missing `{{field}}`, but not at one tested by `#if`,
 * looped by `#each` or passed to a helper, nor at an unknown helper in a branch the sample
 * answers never take. This reads the template itself: every helper must exist, every partial
 * must exist, and every field read at the root of the view must be one the view has. Fields
 * under `#each`/`#with` (whose context is an item) are left to strict mode. Returns the first
 * problem with its line, or undefined.
 */
export function templateProblem(source: string, scope: TemplateScope): string | undefined {
  const handlebars = createHandlebars();
  let ast: hbs.AST.Program;
  try {
    ast = handlebars.parse(source);
  } catch (error) {
    return `does not parse: ${(error as Error).message.split("\n")[0]}`;
  }
  const helpers = new Set([...builtinHelpers, ...Object.keys(handlebars.helpers)]);
  let problem: string | undefined;
  const fail = (node: Node, message: string) => {
    problem ??= `line ${node.loc?.start.line ?? "?"}: ${message}`;
  };

  const checkPath = (path: Path, atRoot: boolean, locals: ReadonlySet<string>) => {
    if (path.data || path.depth > 0 || path.parts.length === 0) return;
    const [head, second] = path.parts as [string, string | undefined];
    if (locals.has(head)) return;
    if (!atRoot || !scope.rootFields) return;
    if (!scope.rootFields.has(head)) return fail(path, `unknown variable ${JSON.stringify(path.original)}`);
    if (head === "pack" && second !== undefined && !scope.packFields.has(second)) {
      fail(path, `unknown variable ${JSON.stringify(path.original)}: the pack has no question ${JSON.stringify(second)}`);
    }
  };

  const checkExpr = (node: Node, atRoot: boolean, locals: ReadonlySet<string>) => {
    if (node.type === "PathExpression") checkPath(node as Path, atRoot, locals);
    else if (node.type === "SubExpression") checkCall(node as hbs.AST.SubExpression, atRoot, locals, true);
  };

  const checkCall = (
    node: hbs.AST.MustacheStatement | hbs.AST.SubExpression | hbs.AST.BlockStatement,
    atRoot: boolean,
    locals: ReadonlySet<string>,
    call: boolean,
  ) => {
    const callee = node.path as Node;
    if (callee.type !== "PathExpression") return;
    const name = (callee as Path).original;
    const simple = (callee as Path).parts.length === 1 && !(callee as Path).data && (callee as Path).depth === 0;
    if (call) {
      if (!simple || !helpers.has(name)) fail(node, `unknown helper ${JSON.stringify(name)}`);
    } else if (!(simple && helpers.has(name))) {
      checkPath(callee as Path, atRoot, locals);
    }
    for (const param of node.params) checkExpr(param, atRoot, locals);
    for (const pair of node.hash?.pairs ?? []) checkExpr(pair.value, atRoot, locals);
  };

  const walk = (program: hbs.AST.Program | undefined, atRoot: boolean, locals: ReadonlySet<string>) => {
    for (const statement of program?.body ?? []) {
      if (problem) return;
      switch (statement.type) {
        case "MustacheStatement": {
          const m = statement as hbs.AST.MustacheStatement;
          checkCall(m, atRoot, locals, m.params.length > 0 || m.hash !== undefined);
          break;
        }
        case "BlockStatement": {
          const b = statement as hbs.AST.BlockStatement;
          const name = (b.path as Path).original;
          checkCall(b, atRoot, locals, b.params.length > 0 || b.hash !== undefined);
          const inner = new Set([...locals, ...(b.program?.blockParams ?? [])]);
          // A section over a field (`{{#items}}`) or #each/#with moves the context to an item.
          walk(b.program, atRoot && sameContext.has(name), inner);
          walk(b.inverse, atRoot && (sameContext.has(name) || name === "each"), locals);
          break;
        }
        case "PartialStatement":
        case "PartialBlockStatement": {
          const p = statement as hbs.AST.PartialStatement;
          const name = p.name.type === "PathExpression" ? (p.name as Path).original : undefined;
          if (name !== undefined && !scope.partials.has(name)) fail(p, `unknown partial ${JSON.stringify(name)}`);
          if (p.params[0]) checkExpr(p.params[0], atRoot, locals);
          break;
        }
      }
    }
  };
  walk(ast, true, new Set());
  return problem;
}
