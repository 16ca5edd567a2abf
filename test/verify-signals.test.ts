import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { execa, type ResultPromise } from "execa";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../src/paths.js";
import { alive, processTable, type Proc } from "./support/processes.js";
import { copyProject, formatLikeAUser, generateProject, removeTempDirs, tempDir } from "./support/project.js";

/**
 * The real CLI in a subprocess, stopped by a signal while a step runs: it must exit with
 * 128 + the signal's number and leave no process of its own behind (children run in their
 * own process groups, so nothing else would stop them).
 */

/** Every live process below `root` (not `root` itself). */
function descendants(root: number): Proc[] {
  const table = processTable();
  const found: Proc[] = [];
  let frontier = [root];
  while (frontier.length > 0) {
    const children = table.filter((p) => frontier.includes(p.ppid));
    found.push(...children);
    frontier = children.map((p) => p.pid);
  }
  return found;
}

function groupAlive(pgid: number): boolean {
  return processTable().some((p) => p.pgid === pgid);
}

async function until<T>(what: string, probe: () => T | undefined, limitMs = 90_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** After the CLI exited: waits briefly for killed processes to be reaped, then lists those still alive. */
async function survivors(pids: number[]): Promise<number[]> {
  const deadline = Date.now() + 1500;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return pids.filter(alive);
}

const started: number[] = [];
afterEach(() => {
  // A failed test must not leave its processes running.
  for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, "SIGKILL");
});

let base: string;
beforeAll(async () => {
  base = await generateProject("signal-svc");
});
afterAll(removeTempDirs);

function startCli(command: readonly string[], dir: string): ResultPromise<{ reject: false; cwd: string; stdin: "ignore" }> {
  const [file, ...args] = command;
  return execa(file!, [...args, "src/bin/lambdaform.ts", "verify", dir, "--no-install"], { reject: false, cwd: packageRoot, stdin: "ignore" });
}

/** The line after a stopped verify: the project is whole, and the exact command that runs the checks again. */
function resumes(dir: string, where = path.relative(packageRoot, dir)): RegExp {
  const escaped = where.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`lambdaform: (verify cancelled|cancelled during verify); the project in ${escaped} is complete: \`(lambdaform|node \\S+/dist/src/bin/lambdaform\\.js) verify ${escaped}\` resumes the checks`);
}

describe("lambdaform stopped by a signal", () => {
  it("SIGTERM during the test step: exits 143 and kills the whole child tree, even a process that ignores SIGTERM", async () => {
    const dir = copyProject(base);
    const pidFile = path.join(tempDir(), "stubborn.pid");
    // A unit test that starts a process ignoring SIGTERM (in vitest's process group), then waits.
    writeFileSync(
      path.join(dir, "src/handlers/slow.test.ts"),
      [
        'import { spawn } from "node:child_process";',
        'import { writeFileSync } from "node:fs";',
        'import { it } from "vitest";',
        "",
        'it("waits with a stubborn child", async () => {',
        '  const child = spawn(process.execPath, ["-e", "process.on(\'SIGTERM\', () => {}); setInterval(() => {}, 1000);"], { stdio: "ignore" });',
        `  writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));`,
        "  await new Promise((resolve) => setTimeout(resolve, 100_000));",
        "}, 120_000);",
        "",
      ].join("\n"),
    );
    // Formatted as the project's lint wants it, or typecheck (beside the tests) fails and stops them.
    formatLikeAUser(dir, "src/handlers/slow.test.ts");
    const cli = startCli(["node_modules/.bin/tsx"], dir);
    started.push(cli.pid!);
    const stubborn = await until("the slow test to start its child", () => (existsSync(pidFile) && readFileSync(pidFile, "utf8") ? Number(readFileSync(pidFile, "utf8")) : undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const tree = descendants(cli.pid!);
    started.push(...tree.map((p) => p.pid));
    const stubbornGroup = tree.find((p) => p.pid === stubborn)?.pgid;
    expect(stubbornGroup, `stubborn child ${stubborn} not below the CLI:\n${tree.map((p) => `${p.pid} ${p.args}`).join("\n")}`).toBeDefined();
    // The test step's group: vitest and its workers, apart from the CLI's own group.
    expect(stubbornGroup).not.toBe(processTable().find((p) => p.pid === cli.pid)?.pgid);

    const signalled = Date.now();
    cli.kill("SIGTERM");
    const result = await cli;
    expect(Date.now() - signalled).toBeLessThan(5000);
    expect(result.exitCode, result.stderr).toBe(143);
    expect(await survivors(tree.map((p) => p.pid))).toEqual([]);
    expect(alive(stubborn)).toBe(false);
    expect(groupAlive(stubbornGroup!)).toBe(false);
    expect(result.stderr).toContain("lambdaform: stopped by SIGTERM");
    expect(result.stderr).toMatch(/✗ test .*cancelled/);
    expect(result.stderr).toMatch(resumes(dir));
  });

  it.each([
    ["SIGHUP", 129],
    ["SIGINT", 130],
  ] as const)("%s during typecheck: exits %i and leaves no child behind", async (signal, code) => {
    const dir = copyProject(base);
    // Plain node with tsx's loader: one process, so the signal reaches lambdaform itself
    // (the tsx wrapper relays only SIGINT and SIGTERM; a hangup reaches every process of the terminal anyway).
    const cli = startCli([process.execPath, "--import", "tsx"], dir);
    started.push(cli.pid!);
    const tsc = await until("tsc to run", () => descendants(cli.pid!).find((p) => p.args.includes("tsc")));
    const tree = descendants(cli.pid!);
    started.push(...tree.map((p) => p.pid));
    expect(tsc.pgid).not.toBe(processTable().find((p) => p.pid === cli.pid)?.pgid);

    cli.kill(signal);
    const result = await cli;
    expect(result.exitCode, result.stderr).toBe(code);
    expect(result.stderr).toMatch(/✗ typecheck .*cancelled/);
    expect(result.stderr).toMatch(resumes(dir));
    expect(await survivors(tree.map((p) => p.pid))).toEqual([]);
    expect(groupAlive(tsc.pgid)).toBe(false);
  });

  it("SIGINT during create's npm install: exits 130; the project is complete and the message says how to resume", async () => {
    const cwd = tempDir();
    const loader = pathToFileURL(path.join(packageRoot, "node_modules/tsx/dist/loader.mjs")).href;
    const cli = execa(process.execPath, ["--import", loader, path.join(packageRoot, "src/bin/create-lambdaform.ts"), "svc", "--yes"], {
      reject: false,
      cwd,
      stdin: "ignore",
    });
    started.push(cli.pid!);
    const npm = await until("npm install to run", () => descendants(cli.pid!).find((p) => /npm.* install/.test(p.args)));
    const tree = descendants(cli.pid!);
    started.push(...tree.map((p) => p.pid));

    cli.kill("SIGINT");
    const result = await cli;
    expect(result.exitCode, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/✗ install .*cancelled/);
    expect(result.stderr).toMatch(resumes(path.join(cwd, "svc"), "svc"));
    expect(result.stderr).not.toContain("nothing was written");
    expect(JSON.parse(readFileSync(path.join(cwd, "svc", "lambdaform.json"), "utf8")).spec.name).toBe("svc");
    expect(await survivors(tree.map((p) => p.pid))).toEqual([]);
    expect(groupAlive(npm.pgid)).toBe(false);
  });
});
