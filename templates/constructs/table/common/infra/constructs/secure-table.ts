import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";

export interface SecureTableProps {
  name: string;
  /** Turn on a stream of item changes (for a DynamoDB-stream trigger). */
  stream?: "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES" | "KEYS_ONLY";
}

/**
 * An on-demand DynamoDB table keyed by `id`, encrypted with KMS, with point-in-time recovery
 * so a bad deploy or a wrong delete can be undone.
 */
export class SecureTable extends Construct {
  readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: SecureTableProps) {
    super(scope, id);
    this.table = new DynamodbTable(this, "table", {
      name: props.name,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "id",
      attribute: [{ name: "id", type: "S" }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      streamEnabled: props.stream !== undefined,
      streamViewType: props.stream,
    });
  }
}
