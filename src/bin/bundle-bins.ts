import { build } from "esbuild";
import { rmSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../paths.js";

/**
 * Build step (`npm run build`, after tsc): bundles the two bins from the sources into
 * dist/src/bin, over the files tsc wrote there, with what only some commands use (verify,
 * add, dev, deploy, packs) in lazily loaded chunks beside them. Loading about 75 compiled
 * modules one by one was about 40 ms of a 0.3 s render; node_modules stay outside the bundle.
 * Without this step the bins tsc wrote run the same code unbundled.
 */
const outdir = path.join(packageRoot, "dist", "src", "bin");
const chunks = path.join(outdir, "chunks");
rmSync(chunks, { recursive: true, force: true });
await build({
  entryPoints: ["create-lambdaform", "lambdaform"].map((bin) => path.join(packageRoot, "src", "bin", `${bin}.ts`)),
  outdir,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
console.log(`bundled the bins into ${outdir}`);
