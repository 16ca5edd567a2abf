import { describe, expect, it } from "vitest";
import { nodePackageVersions } from "../src/catalog/versions.js";
import { json, renderFor } from "./support/render.js";

/** Pyright type-checks generated Python in strict mode (issue 9); Node projects do not get it. */
describe("Python type-checking", () => {
  it("pins Pyright in a Python project's package.json, runs it in typecheck, and configures strict mode", async () => {
    const tree = await renderFor(["svc", "--runtime", "python3.13", "--trigger", "sqs", "--resource", "table"]);
    const pkg = json(tree, "package.json");
    expect(pkg.devDependencies.pyright).toBe(nodePackageVersions.pyright);
    expect(nodePackageVersions.pyright).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.scripts.typecheck).toBe("tsc --noEmit && pyright");
    const pyproject = tree.read("pyproject.toml")!;
    expect(pyproject).toContain('[tool.pyright]\ninclude = ["src", "tests"]');
    expect(pyproject).toContain('typeCheckingMode = "strict"');
    expect(pyproject).toContain('stubPath = "typings"');
    for (const stub of ["typings/boto3/__init__.pyi", "typings/botocore/exceptions.pyi", "typings/botocore/stub.pyi"]) {
      expect(tree.read(stub), stub).toBeDefined();
    }
  });

  it("leaves Pyright out of a Node project", async () => {
    const tree = await renderFor(["svc", "--runtime", "nodejs24.x", "--trigger", "sqs"]);
    const pkg = json(tree, "package.json");
    expect(pkg.devDependencies.pyright).toBeUndefined();
    expect(pkg.scripts.typecheck).toBe("tsc --noEmit");
    expect(tree.read("typings/boto3/__init__.pyi")).toBeUndefined();
  });
});
