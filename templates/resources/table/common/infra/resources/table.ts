import type { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
import { namedOutput } from "../constructs/outputs";
import { SecureTable } from "../constructs/secure-table";
import type { ServiceFunction } from "../constructs/service-function";

export interface TableProps {
  /** The environment variable functions find it through (`TABLE_NAME`, or `ORDERS_TABLE_NAME` for a second one). */
  variable: string;
  name: string;
}

/** The service's DynamoDB table (see SecureTable); functions that use it find it through its variable. */
export class Table extends Construct {
  readonly table: DynamodbTable;
  readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: TableProps) {
    super(scope, id);
    this.table = new SecureTable(this, "table", { name: props.name }).table;
    this.environment = { [props.variable]: this.table.name };
    // Named after the variable (`table_name`), so the README's `terraform output -raw table_name` works;
    // it is also where `npm run invoke` reads the variable from.
    namedOutput(this, props.variable.toLowerCase(), this.table.name, "DynamoDB table name");
  }

  /*
   * The table is encrypted with the AWS-managed DynamoDB key, whose key policy lets this
   * account's principals use it through DynamoDB, so the grants need no kms: permission.
   */

  /** Single-item writes: what saving an item does. */
  grantTo(fn: ServiceFunction): void {
    fn.grant(this.node.id, { actions: ["dynamodb:PutItem"], resources: [this.table.arn] });
  }

  /** Single-item reads: only for functions that serve items back (the HTTP ones). */
  grantReadTo(fn: ServiceFunction): void {
    fn.grant(`${this.node.id}-read`, { actions: ["dynamodb:GetItem"], resources: [this.table.arn] });
  }
}
