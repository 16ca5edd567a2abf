import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { checkedStage, defaultStage, stageFromEnvironment, stageOutdir, stageStateFile } from "../scripts/lib/stage.mjs";

export { defaultStage };

/**
 * A stage is one deployment of the whole service (dev, staging, prod side by side in one
 * account). `npm run deploy -- --stage <name>` synthesizes with LAMBDAFORM_STAGE set; without
 * it the stack is the default stage, whose names and state are exactly those of a project that
 * predates stages, so nothing already deployed moves.
 */
export interface Stage {
  name: string;
  isDefault: boolean;
  settings: StageSettings;
  /**
   * Deployed to an AWS emulator (AWS_ENDPOINT_URL, as `--endpoint` sets it) rather than AWS:
   * the stack leaves out what emulators do not implement.
   */
  emulated: boolean;
  /** Where the app writes this stage's Terraform. */
  outdir: string;
  /** The stage's local state file, relative to the synthesized stack's folder. */
  statePath: string;
  /**
   * The AWS name for `base` (which starts with the project name) in this stage: unchanged for
   * the default stage, `<project>-<stage>…` for the others, so stages never share a resource.
   */
  resourceName(base: string): string;
}

/** What lambdaform.json `stages.<name>` may override for one stage (`lambdaform deploy --guided` saves it). */
export interface StageSettings {
  region?: string;
  alarmEmail?: string;
  memory?: number;
  environment?: Record<string, string>;
}

export function stageFor(project: string, name: string, settings: StageSettings = {}, emulated = false): Stage {
  const stage = checkedStage(name);
  const isDefault = stage === defaultStage;
  const outdir = stageOutdir(stage);
  return {
    name: stage,
    isDefault,
    settings,
    emulated,
    outdir,
    statePath: path.posix.relative(`${outdir}/stacks/${project}`, stageStateFile(stage)),
    resourceName(base) {
      if (isDefault) return base;
      if (!base.startsWith(project)) throw new Error(`resource name "${base}" does not start with the project name "${project}"`);
      return `${project}-${stage}${base.slice(project.length)}`;
    },
  };
}

/** The stage this synth is for (LAMBDAFORM_STAGE, else the default one), with its saved settings. */
export function currentStage(project: string): Stage {
  const name = stageFromEnvironment();
  const manifest = JSON.parse(readFileSync("lambdaform.json", "utf8")) as { stages?: Record<string, StageSettings> };
  const stage = stageFor(project, name, manifest.stages?.[name], Boolean(process.env.AWS_ENDPOINT_URL));
  // cdktf writes into its outdir but does not create a nested one.
  mkdirSync(stage.outdir, { recursive: true });
  return stage;
}
