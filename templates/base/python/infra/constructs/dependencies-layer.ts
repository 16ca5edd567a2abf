import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { LambdaLayerVersion } from "@cdktf/provider-aws/lib/lambda-layer-version";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";

const zipPath = "dist/layers/dependencies.zip";

/** The third-party packages of requirements.txt, built for Lambda by `npm run build`. */
export class DependenciesLayer extends Construct {
  readonly arn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const file = path.resolve(zipPath);
    const asset = new TerraformAsset(this, "package", { path: file, type: AssetType.FILE });
    const layer = new LambdaLayerVersion(this, "layer", {
      layerName: `${scope.node.id}-dependencies`,
      filename: asset.path,
      sourceCodeHash: createHash("sha256").update(readFileSync(file)).digest("base64"),
    });
    this.arn = layer.arn;
  }
}
