/**
 * Terraform reads `${` and `%{` in any string as template syntax. Text that is data (a
 * configuration value, an event pattern) is escaped so it reaches AWS exactly as written.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/([$%])\{/g, "$1$1{");
}

export function terraformLiterals(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, terraformLiteral(value)]));
}
