import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Construct } from "constructs";
import { namedOutput } from "../constructs/outputs";
import { SecureBucket } from "../constructs/secure-bucket";
import type { ServiceFunction } from "../constructs/service-function";

export interface BucketProps {
  /** The environment variable functions find it through (`BUCKET_NAME`, or `ORDERS_BUCKET_NAME` for a second one). */
  variable: string;
  /** Bucket names are global: AWS appends a unique suffix to this prefix. */
  namePrefix: string;
  /** Lets `npm run destroy` delete the bucket with its objects (see SecureBucket); off keeps data safe. */
  forceDestroy: boolean;
}

/** The service's S3 bucket (see SecureBucket); functions that use it find it through its variable. */
export class Bucket extends Construct {
  readonly bucket: S3Bucket;
  readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: BucketProps) {
    super(scope, id);
    this.bucket = new SecureBucket(this, "bucket", { namePrefix: props.namePrefix, forceDestroy: props.forceDestroy }).bucket;
    this.environment = { [props.variable]: this.bucket.bucket };
    // Named after the variable (`bucket_name`), so the README's `terraform output -raw bucket_name` works;
    // it is also where `npm run invoke` reads the variable from.
    namedOutput(this, props.variable.toLowerCase(), this.bucket.bucket, "S3 bucket name");
  }

  /*
   * Objects are encrypted with the AWS-managed S3 key, whose key policy lets this account's
   * principals use it through S3, so the grants need no kms: permission.
   */

  /** Writes of objects under `items/`, where saving an item puts them. */
  grantTo(fn: ServiceFunction): void {
    fn.grant(this.node.id, { actions: ["s3:PutObject"], resources: [`${this.bucket.arn}/items/*`] });
  }

  /** Reads under `items/`: only for functions that serve items back when no table stores them. */
  grantReadTo(fn: ServiceFunction): void {
    fn.grant(`${this.node.id}-read`, { actions: ["s3:GetObject"], resources: [`${this.bucket.arn}/items/*`] });
    // Without s3:ListBucket, S3 answers a read of a missing key with 403 AccessDenied instead of
    // 404 NoSuchKey, and "no such item" would look like a failure. It reveals key names, never contents.
    fn.grant(`${this.node.id}-list`, { actions: ["s3:ListBucket"], resources: [this.bucket.arn] });
  }
}
