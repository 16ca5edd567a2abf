import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
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
}

/**
 * An S3 bucket with the settings scanners expect: no public access, owner-enforced
 * ownership (no ACLs), KMS encryption at rest, versioning, and TLS-only access.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  /** Depend on this before wiring notifications, so the policy is in place first. */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "bucket", { bucketPrefix: `${props.namePrefix}-` });
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
    new S3BucketVersioningA(this, "versioning", {
      bucket: bucketId,
      versioningConfiguration: { status: "Enabled" },
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
