import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Construct } from "constructs";
import { namedOutput } from "../constructs/outputs";
import type { ServiceFunction } from "../constructs/service-function";

export interface SecretProps {
  /** The environment variable functions find it through (`SECRET_ARN`, or `ORDERS_SECRET_ARN` for a second one). */
  variable: string;
  name: string;
}

/**
 * A Secrets Manager secret that Terraform creates without a value: the value is set with
 * `aws secretsmanager put-secret-value` (see the README), so it never enters Terraform's
 * state or plans. Functions that use it find it through its variable and read it at run time.
 */
export class Secret extends Construct {
  readonly secret: SecretsmanagerSecret;
  readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: SecretProps) {
    super(scope, id);
    this.secret = new SecretsmanagerSecret(this, "secret", {
      name: props.name,
      description: "Key the functions sign items with; its value is set outside Terraform",
      // A week to restore a secret deleted by mistake (AWS allows 7 to 30 days).
      recoveryWindowInDays: 7,
    });
    this.environment = { [props.variable]: this.secret.arn };
    // Named after the variable (`secret_arn`), so the README's `terraform output -raw secret_arn` works;
    // it is also where `npm run invoke` reads the variable from.
    namedOutput(this, props.variable.toLowerCase(), this.secret.arn, "Secrets Manager secret ARN");
  }

  /**
   * Reading the value only. It is encrypted with the AWS-managed Secrets Manager key, whose key
   * policy lets this account's principals use it through Secrets Manager, so the role needs no
   * kms: permission.
   */
  grantTo(fn: ServiceFunction): void {
    fn.grant(this.node.id, { actions: ["secretsmanager:GetSecretValue"], resources: [this.secret.arn] });
  }
}
