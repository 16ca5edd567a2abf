/**
 * Reads a setting the stack passes as an environment variable. Called at module load, so a
 * misconfigured function fails on its first cold start with a clear message.
 */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
