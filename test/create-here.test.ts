import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { recordingIo } from "./support/io.js";
import { removeTempDirs, tempDir } from "./support/project.js";

afterAll(removeTempDirs);

it("create . names the project after the command's folder, not the process's", async () => {
  const here = path.join(tempDir(), "billing-svc");
  mkdirSync(here);
  const io = recordingIo();
  const code = await runCli("create", [".", "--yes", "--no-install"], { io, cwd: here });
  expect(code, io.stderr.join("\n")).toBe(0);
  expect(JSON.parse(readFileSync(path.join(here, "lambdaform.json"), "utf8")).spec.name).toBe("billing-svc");
  expect(io.stderr.join("\n")).not.toContain("cd .");
});
