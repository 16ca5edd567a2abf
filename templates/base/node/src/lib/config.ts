/**
 * Reads a setting the stack passes as an environment variable. Called when a resource is used
 * rather than at load: the stack gives each resource's variable only to the functions that use
 * it. A function missing one fails with a message that names the variable.
 */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
