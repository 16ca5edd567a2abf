import type Handlebars from "handlebars";
import { createRequire } from "node:module";
import { camelCase, pascalCase, snakeCase } from "../project/naming.js";

type Env = typeof Handlebars;
const load = createRequire(import.meta.url);

/**
 * A Handlebars instance for source code: no HTML escaping (`noEscape`), missing data is an
 * error (`strict`), and every string that lands inside generated code goes through `json`,
 * which makes quotes, backslashes and `${` inert in both TypeScript and Python.
 */
export function createHandlebars(): Env {
  const hbs = withCompiler((load("handlebars/runtime") as Env).create());
  hbs.registerHelper("json", (value: unknown) => codeLiteral(JSON.stringify(value ?? null)));
  hbs.registerHelper("jsonPretty", (value: unknown, indent: unknown) => {
    const pad = typeof indent === "number" ? indent : 0;
    return codeLiteral(JSON.stringify(value ?? null, null, 2)).replaceAll("\n", "\n" + " ".repeat(pad));
  });
  hbs.registerHelper("pyStr", (value: unknown) => JSON.stringify(String(value)));
  hbs.registerHelper("camelCase", (value: string) => camelCase(value));
  hbs.registerHelper("pascalCase", (value: string) => pascalCase(value));
  hbs.registerHelper("snakeCase", (value: string) => snakeCase(value));
  hbs.registerHelper("upperSnakeCase", (value: string) => snakeCase(value).toUpperCase());
  hbs.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hbs.registerHelper("ne", (a: unknown, b: unknown) => a !== b);
  hbs.registerHelper("and", (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper("or", (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper("not", (value: unknown) => !value);
  hbs.registerHelper("includes", (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item));
  return hbs;
}

/**
 * JSON text made safe to paste anywhere in code: `${` and backticks become unicode escapes,
 * which JSON, TypeScript and Python all read back as the same characters, so the literal
 * stays inert even inside a template string.
 */
function codeLiteral(jsonText: string): string {
  return jsonText.replaceAll("${", "\\u0024{").replaceAll("`", "\\u0060");
}

/**
 * What Handlebars' full build adds to a runtime instance in its own create(): the parser and the
 * compiler, here loaded the first time something compiles or parses. A render of built-in
 * templates runs only precompiled ones (precompiled.ts), and loading the compiler with its
 * source-map dependency was about 20 ms of every run. The full build requires the same runtime
 * module, so what it compiles runs on this instance, with its helpers and partials.
 */
function withCompiler(hbs: Env): Env {
  const full = () => load("handlebars") as Env;
  // The compiler's own functions take the instance as a third argument, as the full build calls them.
  type WithEnv = (input: any, options: any, env: Env) => any;
  const compiler = () => load("handlebars/dist/cjs/handlebars/compiler/compiler.js") as { compile: WithEnv; precompile: WithEnv };
  for (const part of ["AST", "Compiler", "JavaScriptCompiler", "Parser", "parse", "parseWithoutProcessing"] as const) {
    Object.defineProperty(hbs, part, { get: () => Reflect.get(full(), part), enumerable: true, configurable: true });
  }
  hbs.compile = (input, options) => compiler().compile(input, options, hbs);
  hbs.precompile = (input, options) => compiler().precompile(input, options, hbs);
  return hbs;
}

export const compileOptions = { noEscape: true, strict: true } as const;
