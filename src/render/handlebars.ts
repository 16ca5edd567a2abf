import Handlebars from "handlebars";
import { camelCase, pascalCase, snakeCase } from "../project/naming.js";

/**
 * A Handlebars instance for source code: no HTML escaping (`noEscape`), missing data is an
 * error (`strict`), and every string that lands inside generated code goes through `json`,
 * which makes quotes, backslashes and `${` inert in both TypeScript and Python.
 */
export function createHandlebars(): typeof Handlebars {
  const hbs = Handlebars.create();
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

export const compileOptions = { noEscape: true, strict: true } as const;
