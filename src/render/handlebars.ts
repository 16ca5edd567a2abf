import Handlebars from "handlebars";
import { camelCase, pascalCase, snakeCase } from "../project/naming.js";

/**
 * A Handlebars instance for source code: no HTML escaping (`noEscape`), missing data is an
 * error (`strict`), and every string that lands inside generated code goes through `json`,
 * which makes quotes, backslashes and `${` inert in both TypeScript and Python.
 */
export function createHandlebars(): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper("json", (value: unknown) => {
    // Escaping `${` and backticks too makes the literal safe even if someone pastes it into a template string.
    return JSON.stringify(value ?? null)
      .replaceAll("${", "\\u0024{")
      .replaceAll("`", "\\u0060");
  });
  hbs.registerHelper("jsonPretty", (value: unknown, indent: unknown) => {
    const pad = typeof indent === "number" ? indent : 0;
    return JSON.stringify(value ?? null, null, 2).replaceAll("\n", "\n" + " ".repeat(pad));
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

export const compileOptions = { noEscape: true, strict: true } as const;
