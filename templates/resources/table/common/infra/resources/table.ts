import type { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
import { namedOutput } from "../constructs/outputs";
import { SecureTable } from "../constructs/secure-table";
import type { ServiceFunction } from "../constructs/service-function";

export interface TableProps {
  name: string;
}

/** The service's DynamoDB table (see SecureTable); functions find it through TABLE_NAME. */
export class Table extends Construct {
  readonly table: DynamodbTable;
  readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: TableProps) {
    super(scope, id);
    this.table = new SecureTable(this, "table", { name: props.name }).table;
    this.environment = { TABLE_NAME: this.table.name };
    // A fixed name, so the README's `terraform output -raw table_name` works; it is also what
    // `npm run invoke` reads TABLE_NAME from.
    namedOutput(this, "table_name", this.table.name, "DynamoDB table name");
  }

  /*
   * The table is encrypted with the AWS-managed DynamoDB key, whose key policy lets this
   * account's principals use it through DynamoDB, so the grants need no kms: permission.
   */

  /** Single-item writes: what saving an item does. */
  grantTo(fn: ServiceFunction): void {
    fn.grant("table", { actions: ["dynamodb:PutItem"], resources: [this.table.arn] });
  }

  /** Single-item reads: only for functions that serve items back (the HTTP ones). */
  grantReadTo(fn: ServiceFunction): void {
    fn.grant("table-read", { actions: ["dynamodb:GetItem"], resources: [this.table.arn] });
  }
}
