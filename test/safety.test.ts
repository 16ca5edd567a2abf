import { describe, expect, it } from "vitest";
import { LambdaformError } from "../src/errors.js";
import { Tree } from "../src/render/tree.js";
import { renderFor } from "./support/render.js";

const hostile = 'he said "hi" \\ ${process.exit(1)} `whoami` </script> {{oops}}';

describe("escaping", () => {
  it("renders user text into code as an inert literal that reads back unchanged", async () => {
    const tree = await renderFor(["svc", "--env", `GREETING=${hostile}`]);
    const stack = tree.read("infra/stack.ts")!;
    const literal = /const projectConfiguration: Record<string, string> = (\{[\s\S]*?\});/.exec(stack)?.[1];
    expect(literal).toBeDefined();
    expect(JSON.parse(literal!)).toEqual({ GREETING: hostile });
    // Neither template-string interpolation nor a closing backtick survives in the source text.
    expect(literal).not.toContain("${");
    expect(literal).not.toContain("`");
  });

  it("keeps an event pattern with quotes and ${ inert in the stack and the events", async () => {
    const pattern = JSON.stringify({ source: ['evil"${1+1}`'] });
    const tree = await renderFor(["svc", "--trigger", "eventbridge", "--event-pattern", pattern]);
    for (const [file, content] of tree.entries()) {
      if (file.endsWith(".json")) expect(() => JSON.parse(content), file).not.toThrow();
      if (file.startsWith("infra/")) expect(content, file).not.toContain("${1+1}");
    }
  });
});

describe("the in-memory tree", () => {
  it.each(["../outside.txt", "/etc/passwd", "a/../../outside", "..", ".", "nul\0byte"])(
    "refuses to hold %j",
    (file) => {
      expect(() => new Tree().write(file, "x")).toThrow(LambdaformError);
    },
  );

  it("normalises harmless paths", () => {
    const tree = new Tree();
    tree.write("a/./b.txt", "1");
    tree.write("c//d.txt", "2");
    expect(tree.entries().map(([file]) => file)).toEqual(["a/b.txt", "c/d.txt"]);
  });

  it("refuses a path that is both a file and a folder", () => {
    const tree = new Tree();
    tree.write("x", "file");
    expect(() => tree.write("x/y.txt", "inside")).toThrow(/x\/y\.txt and x cannot both exist/);
  });

  it("refuses two different contents for one file", () => {
    const tree = new Tree();
    tree.write("x", "1");
    expect(() => tree.write("x", "2")).toThrow(/two templates write x/);
  });
});
