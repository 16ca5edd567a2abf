/**
 * Settings the stack passes as environment variables. Read them where they are used rather than
 * at load: the stack gives each resource's variable only to the functions that use it. Every
 * error names the variable and what was wrong with it.
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** A setting the function cannot work without. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new ConfigError(`environment variable ${name} is not set`);
  return value;
}

/** A text setting, or `fallback` when it is unset or empty. */
export function optionalEnv(name: string, fallback: string): string {
  return process.env[name] || fallback;
}

/** A number setting (`PAGE_SIZE=25`), or `fallback` when it is unset or empty. */
export function numberEnv(name: string, fallback: number): number {
  const text = process.env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new ConfigError(`environment variable ${name} must be a number, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** A whole-number setting (`MAX_RETRIES=3`), or `fallback` when it is unset or empty. */
export function integerEnv(name: string, fallback: number): number {
  const value = numberEnv(name, fallback);
  if (!Number.isInteger(value)) {
    throw new ConfigError(
      `environment variable ${name} must be a whole number, got ${JSON.stringify(process.env[name])}`,
    );
  }
  return value;
}

const booleans: Record<string, boolean> = {
  true: true,
  "1": true,
  yes: true,
  on: true,
  false: false,
  "0": false,
  no: false,
  off: false,
};

/** A flag (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`, any case), or `fallback` when it is unset or empty. */
export function booleanEnv(name: string, fallback: boolean): boolean {
  const text = process.env[name]?.trim().toLowerCase();
  if (!text) return fallback;
  const value = booleans[text];
  if (value === undefined) {
    throw new ConfigError(
      `environment variable ${name} must be true or false, got ${JSON.stringify(process.env[name])}`,
    );
  }
  return value;
}
