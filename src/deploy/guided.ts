import type { StageSettings } from "../manifest/manifest.js";
import type { Prompter } from "../cli/prompter.js";
import { stageChecks, type StageAnswer } from "./stages.js";

/** An answer that may stay empty (no profile, local state, no alarm e-mail). */
const optional = (key: StageAnswer) => (value: string) => (value === "" ? true : (stageChecks[key](value) ?? true));
const required = (key: StageAnswer) => (value: string) => stageChecks[key](value) ?? true;

export interface GuidedAnswers {
  settings: StageSettings;
  /** The user agreed to create the state bucket it named. */
  createBucket: boolean;
}

/**
 * `deploy --guided`: asks for each stage setting no flag gave, offering what was saved (or the
 * project's defaults), checked as the flags are. Empty means "none" for the optional ones.
 */
export async function askStageSettings(
  prompter: Prompter,
  o: { stage: string; given: StageSettings; saved: StageSettings; projectRegion: string },
): Promise<GuidedAnswers> {
  const settings: StageSettings = { ...o.saved, ...o.given };
  const ask = async (key: "region" | "profile" | "stateBucket" | "alarmEmail", message: string, fallback = "") => {
    if (o.given[key] !== undefined) return o.given[key];
    const answer = await prompter.input({ message, default: o.saved[key] ?? fallback, validate: key === "region" ? required(key) : optional(key) });
    return answer.trim() === "" ? undefined : answer.trim();
  };
  settings.region = await ask("region", `AWS region for stage ${o.stage}`, o.projectRegion);
  settings.profile = await ask("profile", "AWS profile (empty: the default credentials)");
  settings.stateBucket = await ask("stateBucket", "S3 bucket for the Terraform state (empty: a local file)");
  let createBucket = false;
  if (settings.stateBucket && settings.stateBucket !== o.saved.stateBucket && o.given.stateBucket === undefined) {
    createBucket = await prompter.confirm({ message: `Create the bucket ${settings.stateBucket} now (versioned, encrypted, private)? No if it exists`, default: false });
  }
  settings.alarmEmail = await ask("alarmEmail", "E-mail address for alarms (empty: none)");
  return { settings, createBucket };
}
