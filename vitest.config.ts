import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

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

export default defineConfig({
  test: {
    // Generated projects install, compile and synthesize for real; give them room.
    testTimeout: 120_000,
    // Vitest's default is one file at a time on 2 cores (cores - 1). The generated files spend
    // most of their time waiting on child processes (npm, tsc, vitest, terraform), so two files
    // at a time on 2 cores keep both busy instead of one.
    maxWorkers: Math.max(2, os.availableParallelism()),
    hookTimeout: 600_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [...slow, ...emulator] } },
      { extends: true, test: { name: "generated", include: slow, exclude: emulator } },
      { extends: true, test: { name: "emulator", include: emulator } },
    ],
  },
});
