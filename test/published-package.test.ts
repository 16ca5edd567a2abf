import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execaSync } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "../src/paths.js";
import { removeTempDirs, tempDir } from "./support/project.js";

afterAll(removeTempDirs);

/**
 * What `npm create lambdaform` runs is the packed package, not this checkout: pack it, install
 * the tarball into an empty project, and create through its bins. Catches files left out of
 * `files`, templates that npm would rename, and bins that do not start.
 */
describe("the packed create-lambdaform package", () => {
  it("creates a project through both of its bins", () => {
    if (!existsSync(path.join(packageRoot, "dist/src/bin/create-lambdaform.js"))) {
      throw new Error("dist/ is missing: `npm test` builds it first; run `npm run build`");
    }
    const work = tempDir();
    const { stdout } = execaSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: packageRoot });
    const tarball = path.join(work, JSON.parse(stdout)[0].filename);
    const user = path.join(work, "user");
    mkdirSync(user);
    writeFileSync(path.join(user, "package.json"), JSON.stringify({ name: "user", private: true }));
    execaSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], { cwd: user });

    execaSync("npx", ["--no-install", "create-lambdaform", "svc", "--yes", "--no-install", "--no-verify", "--trigger", "s3"], { cwd: user });
    const files = readdirSync(path.join(user, "svc"));
    for (const file of [".gitignore", ".github", "lambdaform.json", "package.json", "infra", "src", "events"]) expect(files).toContain(file);

    const { stdout: version } = execaSync("npx", ["--no-install", "lambdaform", "--version"], { cwd: user });
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
