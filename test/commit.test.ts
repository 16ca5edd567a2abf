import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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
