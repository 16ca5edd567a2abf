import { GetSecretValueCommand, ResourceNotFoundException } from "@aws-sdk/client-secrets-manager";
import { beforeEach, describe, expect, it } from "vitest";
import { aws, awsSucceeds } from "../testing/aws";
import { canonicalJson, signItem } from "./signing";

// The Python template's signing test expects the same value: both sign the same canonical bytes.
const knownSignature = "af021cae75aebfdcca3387d3d19cb19d179af0e2fcd8d63e6c9a2a46646b69ae";

describe("signItem", () => {
  beforeEach(() => awsSucceeds());

  it("signs the canonical JSON, so key order does not matter", async () => {
    const item = { name: "First item", id: "item-1", price: 1.0, rate: 2.5 };
    expect(await signItem(item)).toEqual({ ...item, signature: knownSignature });
    expect((await signItem({ rate: 2.5, price: 1, id: "item-1", name: "First item" })).signature).toBe(knownSignature);
  });

  it("sorts keys at every depth and drops undefined values", () => {
    expect(canonicalJson({ b: [{ d: 1, c: null }], a: "é", skip: undefined })).toBe('{"a":"é","b":[{"c":null,"d":1}]}');
  });

  it("signs nothing while the secret has no value yet, so a fresh deployment still saves items", async () => {
    const noValue = "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT";
    aws.secret.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: noValue, $metadata: {} }));
    expect(await signItem({ id: "item-1" })).toEqual({ id: "item-1" });
  });
});
