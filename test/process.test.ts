import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { generatorVersion, packageRoot } from "../src/paths.js";

/**
 * The bins as a shell runs them: conventions every CLI follows, and no stack trace whatever
 * happens to the streams it writes to.
 */

const tsx = path.join(packageRoot, "node_modules/.bin/tsx");
const bin = (name: string) => path.join(packageRoot, "src/bin", `${name}.ts`);
const tempDir = () => mkdtempSync(path.join(os.tmpdir(), "lf-process-"));

/** `<bin> <args> | <reader>` in bash: the bin's exit code (PIPESTATUS) and its stderr, which is not piped. */
async function piped(name: string, args: string[], reader: string, cwd = tempDir()) {
  const quoted = [tsx, bin(name), ...args].map((a) => `'${a}'`).join(" ");
  const result = await execa("bash", ["-c", `${quoted} | ${reader}; exit "\${PIPESTATUS[0]}"`], { cwd, reject: false, stdin: "ignore" });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr, cwd };
}

describe("--version", () => {
  it.each([
    ["create-lambdaform", "--version"],
    ["create-lambdaform", "-v"],
    ["lambdaform", "-v"],
  ])("%s %s prints the version and exits 0", async (name, flag) => {
    const result = await execa(tsx, [bin(name), flag], { cwd: tempDir(), reject: false, stdin: "ignore" });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe(generatorVersion);
  });
});

describe("a reader that goes away", () => {
  const dryRun = ["svc", "--yes", "--dry-run", "--no-install", "--no-verify"];

  it("`| head -1` gets the first line and no EPIPE crash; the run keeps its exit code", async () => {
    const { code, stdout, stderr, cwd } = await piped("create-lambdaform", dryRun, "head -1");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Would create .*svc with \d+ files \(dry run: nothing written\):$/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("a reader that never reads (`| true`): nothing on stderr, exit 0", async () => {
    const { code, stderr } = await piped("create-lambdaform", dryRun, "true");
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it("stderr closed too (`2>&1 | true`) during a failing command: its exit code, no crash", async () => {
    const cwd = tempDir();
    const quoted = [tsx, bin("lambdaform"), "verify", "nowhere"].map((a) => `'${a}'`).join(" ");
    const result = await execa("bash", ["-c", `${quoted} 2>&1 | true; exit "\${PIPESTATUS[0]}"`], { cwd, reject: false, stdin: "ignore" });
    expect(result.exitCode).toBe(8);
  });
});

describe("a current folder that was deleted", () => {
  // The built bin: tsx itself cannot start without a current folder.
  it("is one line and exit 9, and creates nothing where it was", async () => {
    const built = path.join(packageRoot, "dist/src/bin/create-lambdaform.js");
    if (!existsSync(built)) throw new Error("dist/ is missing: `npm test` builds it first; run `npm run build`");
    const parent = tempDir();
    const quoted = [process.execPath, built, "svc", "--yes", "--no-install"].map((a) => `'${a}'`).join(" ");
    const result = await execa("bash", ["-c", `mkdir gone && cd gone && rmdir ../gone && exec ${quoted}`], { cwd: parent, reject: false, stdin: "ignore" });
    expect(result.exitCode).toBe(9);
    expect(result.stderr).toBe("lambdaform: the current folder no longer exists (ENOENT); cd into a folder that does");
    expect(readdirSync(parent)).toEqual([]);
  });
});
