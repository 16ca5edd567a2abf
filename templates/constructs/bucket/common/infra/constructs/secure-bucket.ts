import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Fn } from "cdktf";
import { Construct } from "constructs";

export interface SecureBucketProps {
  /** Bucket names are global, so this is a prefix: AWS appends a unique suffix. */
  namePrefix: string;
  /**
   * Lets `terraform destroy` delete the bucket with every object and version still in it.
   * Off, a destroy stops at a bucket that is not empty, so data is never lost by accident;
   * turn it on only for buckets whose contents can be thrown away (dev and test stacks).
   */
  forceDestroy: boolean;
  /** Days an overwritten or deleted object's old version is kept before S3 expires it. */
  noncurrentVersionDays?: number;
}

/**
 * An S3 bucket with the settings scanners expect: no public access, owner-enforced
 * ownership (no ACLs), KMS encryption at rest, versioning whose old versions expire, and
 * TLS-only access.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  /** Depend on this before wiring notifications, so the policy is in place first. */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "bucket", { bucketPrefix: `${props.namePrefix}-`, forceDestroy: props.forceDestroy });
    const bucketId = this.bucket.id;

    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access", {
      bucket: bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      bucket: bucketId,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: bucketId,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }],
    });
    const versioning = new S3BucketVersioningA(this, "versioning", {
      bucket: bucketId,
      versioningConfiguration: { status: "Enabled" },
    });
    // Versioning keeps every overwritten or deleted object forever (and bills for it) unless
    // old versions expire; half-finished multipart uploads are billed too until aborted.
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: bucketId,
      rule: [
        {
          id: "expire-old-versions",
          status: "Enabled",
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays ?? 30 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      // S3 applies version rules only once versioning is on.
      dependsOn: [versioning],
    });
    this.policy = new S3BucketPolicy(this, "tls-only", {
      bucket: bucketId,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      }),
      // A bucket policy cannot be written until public access is blocked (or AWS may refuse it).
      dependsOn: [publicAccess],
    });
  }
}
