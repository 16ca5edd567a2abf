import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";

/**
 * A stack output under a fixed name such as `api_url` or `table_name` (cdktf would append a
 * hash), so `terraform output -raw <name>` works as the README says.
 */
export function namedOutput(scope: Construct, name: string, value: string, description: string): TerraformOutput {
  const output = new TerraformOutput(scope, name, { value, description });
  output.overrideLogicalId(name);
  return output;
}
