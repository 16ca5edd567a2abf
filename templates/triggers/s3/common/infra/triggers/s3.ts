import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { Construct } from "constructs";
import { namedOutput } from "../constructs/outputs";
import { SecureBucket } from "../constructs/secure-bucket";
import type { ServiceFunction } from "../constructs/service-function";

export interface S3TriggerProps {
  fn: ServiceFunction;
  /** The function's name in AWS; the bucket's name starts with it. */
  name: string;
  /** Only keys starting with this invoke the function ("" for any). */
  prefix: string;
  /** Only keys ending with this invoke the function ("" for any). */
  suffix: string;
  /** Lets `npm run destroy` delete the bucket with its objects (see SecureBucket); off keeps data safe. */
  forceDestroy: boolean;
}

/** S3 allows 37 characters of bucket prefix before the 26 Terraform appends to make the name unique. */
const maxNameLength = 29;

/**
 * A secure bucket of the function's own whose new objects (under `prefix`, ending `suffix`)
 * invoke the function asynchronously. Events that still fail after Lambda's retries go to the
 * function's failures queue.
 */
export class S3Trigger extends Construct {
  readonly source: SecureBucket;

  constructor(scope: Construct, id: string, props: S3TriggerProps) {
    super(scope, id);
    const { fn } = props;
    this.source = new SecureBucket(this, "source", {
      namePrefix: `${props.name.slice(0, maxNameLength).replace(/-+$/, "")}-source`,
      forceDestroy: props.forceDestroy,
    });
    const { bucket } = this.source;

    // Only this bucket, owned by this account, may invoke the function: a bucket name alone
    // could belong to another account after this one deletes it.
    const permission = fn.allowInvoke(this, {
      statementId: "AllowS3Invoke",
      principal: "s3.amazonaws.com",
      sourceArn: bucket.arn,
      sourceAccount: new DataAwsCallerIdentity(this, "account").accountId,
    });

    // The bucket's only notification configuration: S3 keeps one per bucket, so a second
    // aws_s3_bucket_notification would silently replace this one.
    new S3BucketNotification(this, "notification", {
      bucket: bucket.id,
      lambdaFunction: [
        {
          lambdaFunctionArn: fn.target.arn,
          events: ["s3:ObjectCreated:*"],
          filterPrefix: props.prefix || undefined,
          filterSuffix: props.suffix || undefined,
        },
      ],
      // S3 tests the destination when the notification is saved, so it must be allowed to invoke first.
      dependsOn: [permission, this.source.policy],
    });

    fn.sendFailuresToQueue();

    namedOutput(this, `${fn.node.id}_bucket_name`, bucket.bucket, `${fn.node.id} source bucket: new objects invoke the function`);
  }
}
