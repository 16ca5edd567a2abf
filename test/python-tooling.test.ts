import { describe, expect, it } from "vitest";
import { nodePackageVersions } from "../src/catalog/versions.js";
import { builtinTemplates } from "../src/paths.js";
import { renderProject } from "../src/render/render-project.js";
import { TemplateLayers } from "../src/render/template-layers.js";
import { json, renderFor, specFor } from "./support/render.js";

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

/** Each handler uses only its own function's resources, in its YOUR LOGIC function (issue 9). */
describe("Python handlers with resources split between functions", () => {
  async function splitProject() {
    const spec = await specFor([
      "svc", "--runtime", "python3.13", "--trigger", "http-api", "--trigger", "sqs", "--trigger", "sns",
      ...["table", "bucket", "queue", "topic", "secret"].flatMap((r) => ["--resource", r]),
    ]);
    expect(spec.functions.map((f) => `${f.name}:${f.trigger}`)).toEqual(["api:http-api", "worker:sqs", "notifications:sns"]);
    const owner: Record<string, string[]> = { table: ["api"], bucket: ["api"], secret: ["api"], queue: ["worker"], topic: ["worker"] };
    spec.resources = spec.resources.map((r) => ({ ...r, functions: owner[r.name] ?? r.functions }));
    return renderProject(spec, new TemplateLayers([builtinTemplates]));
  }

  it("renders in each handler the imports and calls of its own resources, and no others", async () => {
    const tree = await splitProject();
    const api = tree.read("src/app/handlers/api.py")!;
    expect(api).toContain("from app.lib import bucket, table\n");
    expect(api).toContain("from app.lib.items import Item, object_key\n");
    expect(api).toContain("from app.lib.signing import sign_item\n");
    for (const call of ["signature = sign_item(item)", "table.put_item(item)", 'bucket.put_json(object_key(item["id"]), item)', "return table.get_item(item_id)"]) {
      expect(api).toContain(call);
    }
    expect(api).toContain("return handle_http(request, context.aws_request_id, create=create, read=read)");
    expect(api).not.toMatch(/queue|topic|once\(|idempotency/);

    const worker = tree.read("src/app/handlers/worker.py")!;
    expect(worker).toContain("from app.lib import queue, topic\n");
    expect(worker).toContain("from app.lib.idempotency import once\n");
    expect(worker).toMatch(/def announce\(\) -> None:\n {8}queue\.send\(item\)\n {8}topic\.publish\(item\)\n\n {4}once\("announce", item, announce\)/);
    expect(worker).not.toMatch(/table|bucket|sign_item|object_key/);

    const notifications = tree.read("src/app/handlers/notifications.py")!;
    expect(notifications).toContain("    # This function uses no table, bucket, queue, topic or secret, so nothing is stored or announced.\n");
    expect(notifications).not.toMatch(/from app\.lib import |table\.\w|bucket\.\w|queue\.send|topic\.publish|sign_item|once\(/);

    for (const [name, text] of Object.entries({ api, worker, notifications })) {
      expect(text.match(/YOUR LOGIC:/g)?.length, name).toBe(name === "api" ? 2 : 1);
      expect(text, name).not.toMatch(/save_item|[^.]get_item|_given|os\.environ/);
    }
  });

  it("keeps only the domain model in items.py and leaves storage out of the HTTP router", async () => {
    const tree = await splitProject();
    const items = tree.read("src/app/lib/items.py")!;
    expect(items).toContain("def to_item(");
    expect(items).toContain("def object_key(");
    expect(items).not.toMatch(/save_item|get_item|_given|_announce|once\(|from app\.lib import/);
    const http = tree.read("src/app/lib/http.py")!;
    expect(http).toContain("from app.lib.items import Item, to_item\n");
    expect(http).not.toMatch(/save_item|get_item|from app\.lib import/);
  });

  it("tests each handler against the stubs of its own function's resources", async () => {
    const tree = await splitProject();
    expect(tree.read("tests/test_api.py")).toContain("    return Uses(table=True, bucket=True, secret=True)\n");
    expect(tree.read("tests/test_worker.py")).toContain("    return Uses(queue=True, topic=True)\n");
    expect(tree.read("tests/test_notifications.py")).toContain("    return Uses()\n");
    for (const test of ["tests/test_api.py", "tests/test_worker.py", "tests/test_notifications.py"]) {
      expect(tree.read(test), test).not.toMatch(/monkeypatch\.setattr\(function, "save_item"|Mock\(wraps=/);
    }
    const stubs = tree.read("tests/stubs.py")!;
    expect(stubs).toContain("class Uses:");
    expect(stubs).toContain("class FakeAws:");
  });
});
