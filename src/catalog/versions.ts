/**
 * Exact versions of everything a generated project installs. Pinned, never ranges: a project
 * created today must install and pass the same way next year. Every version was installed and
 * run together on Node 20 (see test/generated-*.test.ts); bump them together.
 */
export const nodePackageVersions: Record<string, string> = {
  // infrastructure: one engine's pair per project (src/catalog/engines.ts). constructs 10.7 is
  // within both engines' peer ranges (cdktf ^10.4.2, cdktn >=10.6.0 <10.8.0), so moving engines
  // changes only the engine's own packages.
  cdktf: "0.21.0",
  "@cdktf/provider-aws": "21.22.1",
  cdktn: "0.24.0",
  "@cdktn/provider-aws": "25.7.0",
  constructs: "10.7.2",
  // handlers
  // Powertools packages pin each other's @aws-lambda-powertools/commons exactly: keep them at one version.
  "@aws-lambda-powertools/idempotency": "2.35.0",
  "@aws-lambda-powertools/logger": "2.35.0",
  "@aws-lambda-powertools/metrics": "2.35.0",
  "@aws-lambda-powertools/tracer": "2.35.0",
  "@aws-sdk/client-dynamodb": "3.940.0",
  "@aws-sdk/lib-dynamodb": "3.940.0",
  "@aws-sdk/util-dynamodb": "3.940.0",
  "@aws-sdk/client-s3": "3.940.0",
  "@aws-sdk/client-sqs": "3.940.0",
  "@aws-sdk/client-sns": "3.940.0",
  "@aws-sdk/client-secrets-manager": "3.940.0",
  // tooling
  "@biomejs/biome": "2.6.8",
  "@types/aws-lambda": "8.10.159",
  "@types/node": "20.19.25",
  "aws-sdk-client-mock": "4.1.0",
  esbuild: "0.27.7",
  pyright: "1.1.408",
  // The native compiler: the same diagnostics as 5.9 on every generated project, 4-19x faster
  // (bench/typescript7.ts, bench/results-typescript7.md).
  typescript: "7.0.2",
  vitest: "4.1.12",
};

/** Python test tools, pinned in the generated `requirements-dev.txt`. */
export const pythonDevVersions: Record<string, string> = {
  pytest: "9.0.3",
  boto3: "1.43.11",
};

export function pinned(name: string): string {
  const version = nodePackageVersions[name];
  if (!version) throw new Error(`no pinned version for ${name}; add it to src/catalog/versions.ts`);
  return version;
}
