import path from "node:path";
import type { Language } from "../../catalog/runtimes.js";
import { snakeCase } from "../../project/naming.js";
import type { FileChanges } from "../cache/inputs.js";

/**
 * The tests a change can reach, when every test passed before with the same tools, settings and
 * every other file: what to hand `vitest related` (sources and test files: vitest follows the
 * imports from there) and which pytest files to run. An empty list runs none of that kind.
 */
export interface TestSelection {
  vitest: string[];
  pytest: string[];
}

/** Read by no test: documentation and CI settings. */
const readByNoTest = (rel: string) => rel.endsWith(".md") || rel.startsWith(".github/") || rel === ".gitignore";

/**
 * Which tests to rerun after `changes`, or undefined to run them all. Only changes whose reach
 * is known are narrowed; anything else (shared Python code, test support, configuration, the
 * package scripts the test setup runs, a removed source) runs everything, so a narrowed run
 * never skips a test the change could make fail:
 * - TypeScript under src/ and infra/: vitest's own import graph (`vitest related`);
 * - a function's sample events (`events/<fn>/`, read from disk, not imported): its handler's tests;
 * - a Python handler or a Python test file: that function's test file (handlers are imported
 *   only by their own tests).
 */
export function testSelection(changes: FileChanges, language: Language, functions: readonly string[]): TestSelection | undefined {
  const vitest = new Set<string>();
  const pytest = new Set<string>();
  const pythonTest = (fn: string) => `tests/test_${snakeCase(fn)}.py`;
  const bySnake = new Map(functions.map((fn) => [snakeCase(fn), fn]));
  // A removed test file has nothing left to run; a removed source may break whatever imported it.
  if (changes.removed.some((rel) => !isTestFile(rel) && !readByNoTest(rel))) return undefined;
  for (const rel of changes.changed) {
    if (readByNoTest(rel)) continue;
    const event = /^events\/([^/]+)\//.exec(rel);
    if (event) {
      if (!functions.includes(event[1]!)) return undefined;
      if (language === "python") pytest.add(pythonTest(event[1]!));
      else vitest.add(`src/handlers/${event[1]}.test.ts`);
      continue;
    }
    if (/^(src|infra)\/.+\.[cm]?tsx?$/.test(rel)) {
      vitest.add(rel);
      continue;
    }
    if (language === "python") {
      const handler = /^src\/app\/handlers\/(\w+)\.py$/.exec(rel);
      if (handler && bySnake.has(handler[1]!)) {
        pytest.add(pythonTest(bySnake.get(handler[1]!)!));
        continue;
      }
      if (/^tests\/test_\w+\.py$/.test(rel)) {
        pytest.add(rel);
        continue;
      }
    }
    return undefined;
  }
  return { vitest: [...vitest].sort(), pytest: [...pytest].sort() };
}

/**
 * A test file itself, whose removal leaves nothing to run. Narrower than the cache's `isTestFile`:
 * removing test support (`src/testing/`, `tests/conftest.py`) can break every test, so it runs them all.
 */
function isTestFile(rel: string): boolean {
  return /\.test\.[cm]?tsx?$/.test(rel) || /^test_\w+\.py$/.test(path.posix.basename(rel));
}
