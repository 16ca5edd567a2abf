import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { LambdaLayerVersion } from "@cdktf/provider-aws/lib/lambda-layer-version";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";

const zipPath = "dist/layers/shared.zip";

export interface LayerProps {
  name: string;
  runtime: string;
  architecture: "arm64" | "x86_64";
}

/** Files every function shares: the top-level layer/ folder, zipped by `npm run build`. */
export class Layer extends Construct {
  /** The ARN of this version of the layer, as functions list it. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: LayerProps) {
    super(scope, id);
    const file = path.resolve(zipPath);
    if (!existsSync(file)) {
      throw new Error(`${zipPath} is missing: run \`npm run build\` before synth`);
    }
    const asset = new TerraformAsset(this, "package", { path: file, type: AssetType.FILE });
    const layer = new LambdaLayerVersion(this, "layer", {
      layerName: props.name,
      filename: asset.path,
      // A new layer version is published only when the zip's bytes change (same hash as the functions').
      sourceCodeHash: createHash("sha256").update(readFileSync(file)).digest("base64"),
      compatibleRuntimes: [props.runtime],
      compatibleArchitectures: [props.architecture],
    });
    this.arn = layer.arn;
  }
}
