import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ExitCode } from "../src/errors.js";
import { commitNewProject } from "../src/fs/commit.js";
import { Tree } from "../src/render/tree.js";

let parent: string;
beforeEach(() => {
  parent = mkdtempSync(path.join(os.tmpdir(), "lf-commit-"));
});
afterEach(() => {
  // Each test works in its own temp folder; leave them for the OS to clean.
});

const treeOf = (files: Record<string, string>) => {
  const tree = new Tree();
  for (const [file, content] of Object.entries(files)) tree.write(file, content);
  return tree;
};

describe("commitNewProject", () => {
  it("writes the whole tree into a new folder and leaves no staging folder behind", () => {
    const target = path.join(parent, "svc");
    commitNewProject(treeOf({ "a.txt": "A", "deep/b.txt": "B" }), target);
    expect(readFileSync(path.join(target, "deep/b.txt"), "utf8")).toBe("B");
    expect(readdirSync(parent)).toEqual(["svc"]);
  });

  it("accepts an existing empty folder", () => {
    const target = path.join(parent, "empty");
    mkdirSync(target);
    commitNewProject(treeOf({ "a.txt": "A" }), target);
    expect(readdirSync(target)).toEqual(["a.txt"]);
  });

  it("refuses a folder that holds anything, and leaves it as it was", () => {
    const target = path.join(parent, "taken");
    mkdirSync(target);
    writeFileSync(path.join(target, "keep.txt"), "mine");
    expect(() => commitNewProject(treeOf({ "a.txt": "A" }), target)).toThrow(
      expect.objectContaining({ exitCode: ExitCode.targetNotEmpty }),
    );
    expect(readdirSync(target)).toEqual(["keep.txt"]);
    expect(readdirSync(parent)).toEqual(["taken"]);
  });

  it("writes nothing at all when a write fails half-way, not even the parent folders it made", () => {
    const target = path.join(parent, "new/deeper/svc");
    // A file name longer than the file system allows fails after the first file is written.
    const tree = treeOf({ "a.txt": "A", ["b".repeat(300)]: "too long a name" });
    expect(() => commitNewProject(tree, target)).toThrow(expect.objectContaining({ exitCode: ExitCode.cannotWrite }));
    expect(readdirSync(parent)).toEqual([]);
  });

  it("refuses, before writing, a target it could never create", () => {
    writeFileSync(path.join(parent, "a-file"), "not a folder");
    const target = path.join(parent, "a-file", "svc");
    expect(() => commitNewProject(treeOf({ "a.txt": "A" }), target)).toThrow(
      expect.objectContaining({ exitCode: ExitCode.cannotWrite, message: expect.stringMatching(/a-file is not a folder$/) }),
    );
    expect(readdirSync(parent)).toEqual(["a-file"]);
  });
});

/** Name, type and content of everything under a folder, to compare before and after. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, encoding: "utf8" }).sort()) {
    const full = path.join(root, entry);
    const stat = lstatSync(full);
    out[entry] = stat.isDirectory() ? `dir ${(stat.mode & 0o7777).toString(8)}` : `file ${readFileSync(full, "utf8")}`;
  }
  return out;
}

/** An existing folder as `git init` and a strict umask leave it: setgid, owner-only, a .git inside. */
function gitFolder(name = "svc"): string {
  const target = path.join(parent, name);
  mkdirSync(path.join(target, ".git"), { recursive: true });
  writeFileSync(path.join(target, ".git", "HEAD"), "ref: refs/heads/main\n");
  chmodSync(target, 0o2700);
  return target;
}

describe("commitNewProject into an existing empty folder", () => {
  it("fills it in place: same inode and mode (2700), the .git left as it was, no staging folder left", () => {
    const target = gitFolder();
    const before = statSync(target);
    commitNewProject(treeOf({ "a.txt": "A", "deep/b.txt": "B" }), target);
    const after = statSync(target);
    expect(after.ino).toBe(before.ino);
    expect((after.mode & 0o7777).toString(8)).toBe("2700");
    expect(readdirSync(target).sort()).toEqual([".git", "a.txt", "deep"]);
    expect(readFileSync(path.join(target, ".git", "HEAD"), "utf8")).toBe("ref: refs/heads/main\n");
    expect(readFileSync(path.join(target, "deep/b.txt"), "utf8")).toBe("B");
    expect(readdirSync(parent)).toEqual(["svc"]);
  });

  it.each([".hg", ".svn", ".idea", ".vscode", ".DS_Store"])("counts a folder holding only %s as empty", (entry) => {
    const target = path.join(parent, "svc");
    mkdirSync(target);
    writeFileSync(path.join(target, entry), "metadata");
    commitNewProject(treeOf({ "a.txt": "A" }), target);
    expect(readdirSync(target).sort()).toEqual([entry, "a.txt"].sort());
    expect(readFileSync(path.join(target, entry), "utf8")).toBe("metadata");
  });

  it("refuses metadata plus anything else, and leaves it all", () => {
    const target = gitFolder();
    writeFileSync(path.join(target, "notes.txt"), "mine");
    const before = snapshot(target);
    expect(() => commitNewProject(treeOf({ "a.txt": "A" }), target)).toThrow(
      expect.objectContaining({ exitCode: ExitCode.targetNotEmpty, message: expect.stringMatching(/is not empty \(1 entries\)/) }),
    );
    expect(snapshot(target)).toEqual(before);
  });

  it("refuses to write over metadata the project would also write (a pack's .vscode)", () => {
    const target = path.join(parent, "svc");
    mkdirSync(path.join(target, ".vscode"), { recursive: true });
    writeFileSync(path.join(target, ".vscode", "settings.json"), "{}");
    const before = snapshot(target);
    expect(() => commitNewProject(treeOf({ "a.txt": "A", ".vscode/settings.json": '{"x":1}' }), target)).toThrow(
      expect.objectContaining({ exitCode: ExitCode.targetNotEmpty, message: expect.stringContaining("already holds .vscode") }),
    );
    expect(snapshot(target)).toEqual(before);
  });

  it("leaves the folder exactly as before when a write fails half-way", () => {
    const target = gitFolder();
    const before = { files: snapshot(target), ino: statSync(target).ino };
    const tree = treeOf({ "a.txt": "A", ["b".repeat(300)]: "too long a name" });
    expect(() => commitNewProject(tree, target)).toThrow(expect.objectContaining({ exitCode: ExitCode.cannotWrite }));
    expect({ files: snapshot(target), ino: statSync(target).ino }).toEqual(before);
    expect(readdirSync(parent)).toEqual(["svc"]);
  });

  it("removes what it had moved in when a move fails, and nothing else", () => {
    const target = gitFolder();
    const before = { files: snapshot(target), ino: statSync(target).ino, mode: statSync(target).mode };
    const moved: string[] = [];
    const hooks = {
      beforeMove(entry: string) {
        if (moved.length === 2) throw Object.assign(new Error("injected"), { code: "EIO" });
        moved.push(entry);
      },
    };
    expect(() => commitNewProject(treeOf({ "a.txt": "A", "b/c.txt": "C", "d.txt": "D" }), target, hooks)).toThrow(
      expect.objectContaining({ exitCode: ExitCode.cannotWrite, message: expect.stringMatching(/\(EIO\); nothing was written$/) }),
    );
    expect(moved).toEqual(["a.txt", "b"]);
    expect({ files: snapshot(target), ino: statSync(target).ino, mode: statSync(target).mode }).toEqual(before);
  });

  it("keeps a file that appeared meanwhile where the project would write, and takes back its own", () => {
    const target = gitFolder();
    const hooks = {
      beforeMove(entry: string) {
        if (entry === "d.txt") writeFileSync(path.join(target, "d.txt"), "someone else's");
      },
    };
    expect(() => commitNewProject(treeOf({ "a.txt": "A", "d.txt": "D" }), target, hooks)).toThrow(
      expect.objectContaining({ exitCode: ExitCode.targetNotEmpty, message: expect.stringMatching(/d\.txt appeared while writing/) }),
    );
    expect(readdirSync(target).sort()).toEqual([".git", "d.txt"]);
    expect(readFileSync(path.join(target, "d.txt"), "utf8")).toBe("someone else's");
  });
});

describe("targets that are not folders", () => {
  it("refuses a regular file with exit 9 and leaves it", () => {
    const target = path.join(parent, "svc");
    writeFileSync(target, "a file");
    expect(() => commitNewProject(treeOf({ "a.txt": "A" }), target)).toThrow(
      expect.objectContaining({ exitCode: ExitCode.cannotWrite, message: `${target} exists and is a file, not a folder; choose a folder` }),
    );
    expect(readFileSync(target, "utf8")).toBe("a file");
  });

  it("refuses a symlink to an empty folder, naming where it points, and writes nothing behind it", () => {
    const real = path.join(parent, "real");
    mkdirSync(real);
    const link = path.join(parent, "svc");
    symlinkSync(real, link);
    expect(() => commitNewProject(treeOf({ "a.txt": "A" }), link)).toThrow(
      expect.objectContaining({
        exitCode: ExitCode.cannotWrite,
        message: `${link} is a symlink to ${realpathSync(real)}; lambdaform does not write through links: give ${realpathSync(real)} itself`,
      }),
    );
    expect(readdirSync(real)).toEqual([]);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it("refuses a dangling symlink, naming where it points, and creates nothing there", () => {
    const link = path.join(parent, "svc");
    symlinkSync("nowhere/deeper", link);
    expect(() => commitNewProject(treeOf({ "a.txt": "A" }), link)).toThrow(
      expect.objectContaining({
        exitCode: ExitCode.cannotWrite,
        message: expect.stringMatching(new RegExp(`is a symlink to ${parent}/nowhere/deeper, which does not exist`)),
      }),
    );
    expect(readdirSync(parent)).toEqual(["svc"]);
  });
});

describe("file systems that take no new folders", () => {
  it.skipIf(process.platform !== "linux")("refuses a target under /proc at once (exit 9), instead of mkdir -p retrying forever", () => {
    const started = Date.now();
    for (const target of ["/proc/lambdaform-svc", "/proc/lambdaform-a/b/svc"]) {
      expect(() => commitNewProject(treeOf({ "a/b.txt": "A" }), target)).toThrow(expect.objectContaining({ exitCode: ExitCode.cannotWrite }));
    }
    expect(Date.now() - started).toBeLessThan(2000);
  }, 10_000);
});
