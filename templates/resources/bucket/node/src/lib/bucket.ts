import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { requiredEnv } from "./config";
import { DependencyError } from "./errors";

const bucketName = requiredEnv("BUCKET_NAME");
const s3 = new S3Client({});

export async function putJson(key: string, value: unknown): Promise<void> {
  try {
    await s3.send(
      new PutObjectCommand({ Bucket: bucketName, Key: key, Body: JSON.stringify(value), ContentType: "application/json" }),
    );
  } catch (error) {
    throw new DependencyError("bucket", error);
  }
}

/** The parsed object, or undefined when there is no such key. */
export async function getJson<T>(key: string): Promise<T | undefined> {
  try {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucketName, Key: key }));
    return Body ? (JSON.parse(await Body.transformToString()) as T) : undefined;
  } catch (error) {
    if (error instanceof NoSuchKey) return undefined;
    throw new DependencyError("bucket", error);
  }
}
