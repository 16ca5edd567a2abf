import { spawnSync } from "node:child_process";
import { runtimeById } from "../catalog/runtimes.js";

/** The versions the local checks run on: this Node, and python3's when the project is Python. */
export interface LocalToolchain {
  node: string;
  /** major.minor, or undefined when python3 is not there (the install step says so). */
  python?: string;
}

/** What the checks of a project in `runtimeId` would run on here. */
export function localToolchain(runtimeId: string): LocalToolchain {
  const local: LocalToolchain = { node: process.versions.node };
  if (runtimeById(runtimeId).language === "python") {
    const result = spawnSync("python3", ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8", timeout: 10_000 });
    const version = result.status === 0 ? result.stdout.trim() : "";
    if (/^\d+\.\d+$/.test(version)) local.python = version;
  }
  return local;
}

/**
 * Typecheck and tests run on the local toolchain, the deployed code on Lambda's runtime: when
 * the two differ, a pass here says less (an API the local version lacks or has extra shows
 * only once deployed). Worth one line, not a failure: most code runs the same on both.
 */
export function toolchainWarning(runtimeId: string, local: LocalToolchain): string | undefined {
  const runtime = runtimeById(runtimeId);
  if (runtime.language === "node") {
    const major = local.node.split(".")[0];
    if (major === runtime.version) return undefined;
    return `${runtime.id} project checked with the local Node ${local.node}: its tests run on Node ${major}, Lambda runs Node ${runtime.version}; differences show only once deployed`;
  }
  if (local.python === undefined || local.python === runtime.version) return undefined;
  return `${runtime.id} project tested with the local Python ${local.python}: pytest runs on ${local.python}, Lambda runs ${runtime.version}; differences show only once deployed`;
}
