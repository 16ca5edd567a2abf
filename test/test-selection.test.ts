import { describe, expect, it } from "vitest";
import { testSelection } from "../src/verify/steps/test-selection.js";

/** Which tests verify reruns after a pass; undefined means all of them. */
const select = (language: "node" | "python", changed: string[], removed: string[] = []) =>
  testSelection({ changed, removed }, language, ["api", "order-worker"]);

describe("the tests a change reaches", () => {
  it("TypeScript sources and tests go to vitest's import graph; documentation reaches no test", () => {
    expect(select("node", ["src/handlers/api.ts", "infra/stack.ts", "src/lib/http.test.ts", "README.md", ".github/workflows/ci.yml"])).toEqual({
      vitest: ["infra/stack.ts", "src/handlers/api.ts", "src/lib/http.test.ts"],
      pytest: [],
    });
    expect(select("node", ["README.md"])).toEqual({ vitest: [], pytest: [] });
  });

  it("a function's sample events reach its handler's tests, which read them from disk", () => {
    expect(select("node", ["events/order-worker/batch.json"])).toEqual({ vitest: ["src/handlers/order-worker.test.ts"], pytest: [] });
    expect(select("python", ["events/order-worker/batch.json"])).toEqual({ vitest: [], pytest: ["tests/test_order_worker.py"] });
    // Events of no function of the project: nobody knows who reads them.
    expect(select("node", ["events/stray/batch.json"])).toBeUndefined();
  });

  it("a Python handler reaches its own test file; a Python test file itself", () => {
    expect(select("python", ["src/app/handlers/order_worker.py", "tests/test_api.py", "infra/stack.ts"])).toEqual({
      vitest: ["infra/stack.ts"],
      pytest: ["tests/test_api.py", "tests/test_order_worker.py"],
    });
  });

  it("anything whose reach is unknown runs every test", () => {
    for (const changed of [
      "src/app/lib/items.py",
      "tests/conftest.py",
      "tests/support.py",
      "package.json",
      "vitest.config.ts",
      "scripts/vitest-global-setup.mjs",
      "scripts/package.mjs",
      "lambdaform.json",
      "src/app/handlers/unknown.py",
    ]) {
      expect(select("python", [changed]), changed).toBeUndefined();
    }
    expect(select("node", ["src/handlers/api.ts", "tsconfig.json"])).toBeUndefined();
  });

  it("a removed source runs every test (whatever imported it breaks); a removed test runs nothing", () => {
    expect(select("node", [], ["src/lib/queue.ts"])).toBeUndefined();
    expect(select("node", [], ["src/lib/queue.test.ts"])).toEqual({ vitest: [], pytest: [] });
    expect(select("python", [], ["tests/test_api.py"])).toEqual({ vitest: [], pytest: [] });
  });
});
