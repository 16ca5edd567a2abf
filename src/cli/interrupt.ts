import { lambdaformCommand } from "./self.js";

/**
 * What a user stopping lambdaform now should know beyond "cancelled": set once a command has
 * something worth keeping (a complete project). The command's own error says it when the run
 * unwinds; the process wiring says it when children are too slow to stop and it exits at the
 * deadline, so the line never depends on how the run ended.
 */
let note: string | undefined;

export function setStopNote(text: string | undefined): void {
  note = text;
}

export function stopNote(): string | undefined {
  return note;
}

/** The project's files are all written; only checks were stopped, and this runs them again. */
export function projectCompleteNote(rel: string): string {
  const where = rel === "." ? "the project here" : `the project in ${rel}`;
  return `${where} is complete: \`${lambdaformCommand(["verify", rel])}\` resumes the checks`;
}
