import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Test files that create real projects (a shared `npm install`, typecheck, vitest, synth,
 * terraform), pack the package or drive the bins in subprocesses: most of `npm test`'s time.
 * `npm run test:fast` (`--project unit`) runs every other file; `npm test` runs both projects.
 */
const slow = [
  "test/add-edits.test.ts",
  "test/add-grow.test.ts",
  "test/engine-hcl.test.ts",
  "test/engine-matrix.test.ts",
  "test/engine-migrate.test.ts",
  "test/interactive.test.ts",
  "test/matrix.test.ts",
  "test/node-format.test.ts",
  "test/packs.test.ts",
  "test/process.test.ts",
  "test/published-package.test.ts",
  "test/verify-*.test.ts",
];

/**
 * Files that run projects against an AWS emulator (moto): `lambdaform dev` end to end and
 * deploys to the emulator. Their own project, so `.ci/run` can run them apart from the rest.
 */
const emulator = ["test/emulator-*.test.ts", "test/deploy-*.test.ts"];

/**
 * Every temporary folder of the run (the tests' own, npm's, those of the generated projects'
 * tests and of cdktf) goes under one folder that is removed when vitest exits, so runs leave
 * nothing behind in the system's temp folder. Child processes inherit TMPDIR. Vitest evaluates
 * this file more than once (and its workers inherit the environment): only the first evaluation
 * makes and owns the folder, since nested ones would push Terraform providers' plugin sockets
 * past the 107 bytes a Unix socket path may have.
 */
if (!process.env.LAMBDAFORM_TESTS_TMPDIR) {
  const tempRoot = mkdtempSync(path.join(os.tmpdir(), "lambdaform-tests-"));
  process.env.LAMBDAFORM_TESTS_TMPDIR = tempRoot;
  process.env.TMPDIR = tempRoot;
  process.on("exit", () => rmSync(tempRoot, { recursive: true, force: true }));
}

/**
 * Vitest's own order takes the projects one after the other, by name: the emulator files first,
 * on every worker. They spend most of their time waiting on the AWS provider's own timers (an
 * SQS queue waits 25 s for its attributes to settle; Lambda functions are created one at a time,
 * 5 s apart), so running them together left the cores idle, and the CPU-bound generated files then ran with nothing to
 * overlap. Here each emulator file is followed by two generated ones (each list in vitest's own
 * order: longest first by the last run's durations, largest file first on a clean clone), so one
 * worker waits while the others compute; the quick unit files fill the end.
 */
class InterleavingSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const of = (name: string) => sorted.filter((file) => file.project.name === name);
    const waiting = of("emulator");
    const computing = of("generated");
    const order: TestSpecification[] = [];
    while (waiting.length || computing.length) {
      order.push(...waiting.splice(0, 1), ...computing.splice(0, 2));
    }
    return [...order, ...sorted.filter((file) => !order.includes(file))];
  }
}

export default defineConfig({
  test: {
    // Generated projects install, compile and synthesize for real; give them room.
    testTimeout: 120_000,
    // Vitest's default is one file at a time on 2 cores (cores - 1). The generated files spend
    // much of their time waiting on child processes (npm, tsc, vitest, terraform), and the
    // emulator files on the AWS provider's timers (see InterleavingSequencer): one file more
    // than there are cores keeps every core busy.
    maxWorkers: os.availableParallelism() + 1,
    sequence: { sequencer: InterleavingSequencer },
    hookTimeout: 600_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [...slow, ...emulator] } },
      { extends: true, test: { name: "generated", include: slow, exclude: emulator } },
      { extends: true, test: { name: "emulator", include: emulator } },
    ],
  },
});
