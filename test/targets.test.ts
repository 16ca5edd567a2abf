import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { ExitCode } from "../src/errors.js";
import { packageRoot } from "../src/paths.js";
import { recordingIo } from "./support/io.js";

/**
 * Where `create` writes, through the CLI as a user runs it: the current folder, folders that
 * hold only VCS metadata, files and symlinks in the way, and run flags that would make a run
 * claim more than it checked.
 */

const tempDir = () => realpathSync(mkdtempSync(path.join(os.tmpdir(), "lf-targets-")));

async function run(args: string[], cwd: string) {
  const io = recordingIo();
  const code = await runCli(args[0], args.slice(1), { io, cwd });
  return { code, io };
}

const quick = ["--yes", "--no-install"];

describe("create into the current folder", () => {
  it("`create .` fills an empty 2700 folder holding .git in place and prints next steps without `cd .`", async () => {
    const cwd = path.join(tempDir(), "my-svc");
    mkdirSync(path.join(cwd, ".git"), { recursive: true });
    writeFileSync(path.join(cwd, ".git", "HEAD"), "ref: refs/heads/main\n");
    chmodSync(cwd, 0o2700);
    const before = statSync(cwd);

    // The real bin in that folder: `.` is the process's own working folder, as for a user.
    const cli = await execa(path.join(packageRoot, "node_modules/.bin/tsx"), [path.join(packageRoot, "src/bin/create-lambdaform.ts"), ".", ...quick], {
      cwd,
      reject: false,
      stdin: "ignore",
    });
    expect(cli.exitCode, cli.stderr).toBe(0);
    const after = statSync(cwd);
    expect(after.ino).toBe(before.ino);
    expect((after.mode & 0o7777).toString(8)).toBe("2700");
    expect(readFileSync(path.join(cwd, ".git", "HEAD"), "utf8")).toBe("ref: refs/heads/main\n");
    // The project is named after the folder, and is all there.
    expect(JSON.parse(readFileSync(path.join(cwd, "lambdaform.json"), "utf8")).spec.name).toBe("my-svc");
    expect(readdirSync(cwd).filter((entry) => entry.includes("lambdaform-staging"))).toEqual([]);
    expect(readdirSync(path.dirname(cwd))).toEqual(["my-svc"]);

    const said = cli.stderr;
    expect(said).toContain("Created my-svc in the current folder:");
    expect(said).not.toMatch(/^\s*cd /m);
    expect(said).toMatch(/^ {2}npm install\n {2}npm run verify {4}# the checks --no-install skipped$/m);
  });

  it("keeps `cd <dir>` for a folder below the current one", async () => {
    const cwd = tempDir();
    const { code, io } = await run(["create", "svc", ...quick], cwd);
    expect(code).toBe(0);
    expect(io.stderr).toContain("  cd svc");
  });

  it("records the lambdaform that created the project, outside what git tracks, for `npm run verify`", async () => {
    const cwd = tempDir();
    const { code } = await run(["create", "svc", ...quick], cwd);
    expect(code).toBe(0);
    const record = JSON.parse(readFileSync(path.join(cwd, "svc", ".lambdaform", "creator.json"), "utf8"));
    expect(record.bin).toMatch(/dist\/src\/bin\/lambdaform\.js$/);
    expect(readFileSync(path.join(cwd, "svc", ".gitignore"), "utf8")).toMatch(/^\.lambdaform\/$/m);
    expect(JSON.parse(readFileSync(path.join(cwd, "svc", "package.json"), "utf8")).scripts.verify).toBe("node scripts/verify.mjs");
  });
});

describe("targets that are not folders", () => {
  it("refuses a regular file with exit 9, one line, before asking anything", async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, "svc"), "a file");
    const { code, io } = await run(["create", "svc", ...quick], cwd);
    expect(code).toBe(ExitCode.cannotWrite);
    expect(io.stderr).toEqual([`lambdaform: ${path.join(cwd, "svc")} exists and is a file, not a folder; choose a folder`]);
    expect(readFileSync(path.join(cwd, "svc"), "utf8")).toBe("a file");
  });

  it("refuses a symlink to an empty folder, saying where it points", async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, "real"));
    symlinkSync("real", path.join(cwd, "svc"));
    const { code, io } = await run(["create", "svc", ...quick], cwd);
    expect(code).toBe(ExitCode.cannotWrite);
    expect(io.stderr).toEqual([
      `lambdaform: ${path.join(cwd, "svc")} is a symlink to ${path.join(cwd, "real")}; lambdaform does not write through links: give ${path.join(cwd, "real")} itself`,
    ]);
    expect(readdirSync(path.join(cwd, "real"))).toEqual([]);
  });

  it("refuses a dangling symlink, saying where it points, not ENOTDIR", async () => {
    const cwd = tempDir();
    symlinkSync("gone", path.join(cwd, "svc"));
    const { code, io } = await run(["create", "svc", ...quick], cwd);
    expect(code).toBe(ExitCode.cannotWrite);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toBe(
      `lambdaform: ${path.join(cwd, "svc")} is a symlink to ${path.join(cwd, "gone")}, which does not exist; lambdaform does not write through links: remove the link or choose another folder`,
    );
    expect(readdirSync(cwd)).toEqual(["svc"]);
    expect(lstatSync(path.join(cwd, "svc")).isSymbolicLink()).toBe(true);
  });
});

describe("run flags that would make a result untruthful", () => {
  const env = process.env.LAMBDAFORM_REQUIRE_TERRAFORM;
  afterEach(() => {
    if (env === undefined) delete process.env.LAMBDAFORM_REQUIRE_TERRAFORM;
    else process.env.LAMBDAFORM_REQUIRE_TERRAFORM = env;
  });

  it.each([
    ["a folder that does not exist", (cwd: string) => path.join(cwd, "nope")],
    ["a file", (cwd: string) => (writeFileSync(path.join(cwd, "plugins"), ""), path.join(cwd, "plugins"))],
  ])("verify --plugin-dir naming %s is exit 3, one line", async (what, make) => {
    const cwd = tempDir();
    const created = await run(["create", "svc", ...quick], cwd);
    expect(created.code).toBe(0);
    const dir = make(cwd);
    const { code, io } = await run(["verify", "svc", "--no-install", "--plugin-dir", dir], cwd);
    expect(code).toBe(ExitCode.invalidValue);
    expect(io.stderr).toEqual([`lambdaform: --plugin-dir ${dir} ${what === "a file" ? "is not a folder" : "does not exist"}`]);
  });

  it("create --plugin-dir naming no folder is exit 3 before anything is written", async () => {
    const cwd = tempDir();
    const { code, io } = await run(["create", "svc", "--yes", "--plugin-dir", "nope"], cwd);
    expect(code).toBe(ExitCode.invalidValue);
    expect(io.stderr).toEqual([`lambdaform: --plugin-dir ${path.join(cwd, "nope")} does not exist`]);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each(["--no-verify", "--no-install"])("create --require-terraform %s is a usage error", async (flag) => {
    const cwd = tempDir();
    const { code, io } = await run(["create", "svc", "--yes", "--require-terraform", flag], cwd);
    expect(code).toBe(ExitCode.usage);
    expect(io.stderr).toEqual([`lambdaform: --require-terraform needs the checks; it conflicts with ${flag}`]);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("refuses a LAMBDAFORM_REQUIRE_TERRAFORM it cannot read as yes or no", async () => {
    const cwd = tempDir();
    process.env.LAMBDAFORM_REQUIRE_TERRAFORM = "maybe";
    const { code, io } = await run(["create", "svc", "--yes"], cwd);
    expect(code).toBe(ExitCode.invalidValue);
    expect(io.stderr).toEqual(['lambdaform: LAMBDAFORM_REQUIRE_TERRAFORM must be 1 or 0, got "maybe"']);
    expect(existsSync(path.join(cwd, "svc"))).toBe(false);
  });

  it("lists --require-terraform in create --help", async () => {
    const { code, io } = await run(["create", "--help"], tempDir());
    expect(code).toBe(0);
    expect(io.stdout.join("\n")).toMatch(/--require-terraform +fail \(exit 17\)/);
  });
});

describe("--help on every command", () => {
  it.each([
    ["verify", /^Usage: lambdaform verify \[dir\] \[flags\]/],
    ["synth", /^Usage: lambdaform synth \[dir\] \[--hcl \[--out <folder>\]\]/],
  ])("%s --help and -h print its usage and exit 0, even outside a project", async (command, usage) => {
    for (const flag of ["--help", "-h"]) {
      const { code, io } = await run([command, flag], tempDir());
      expect(code).toBe(0);
      expect(io.stdout.join("\n")).toMatch(usage);
      expect(io.stderr).toEqual([]);
    }
  });

  it("verify --help names --require-terraform and its variable", async () => {
    const { io } = await run(["verify", "--help"], tempDir());
    expect(io.stdout.join("\n")).toContain("--require-terraform");
    expect(io.stdout.join("\n")).toContain("LAMBDAFORM_REQUIRE_TERRAFORM=1");
  });
});

describe("no stack traces", () => {
  it("a template pack whose template is a dangling link: one line on stderr, nothing written", async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, "pack/templates/base/common"), { recursive: true });
    symlinkSync("/nowhere", path.join(cwd, "pack/templates/base/common/README.md.hbs"));
    const { code, io } = await run(["create", "svc", ...quick, "--template-pack", "pack"], cwd);
    expect(code).not.toBe(0);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(/^lambdaform: .*README\.md\.hbs/);
    expect(existsSync(path.join(cwd, "svc"))).toBe(false);
  });
});
