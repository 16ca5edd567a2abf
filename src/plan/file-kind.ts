/**
 * Who owns a generated file, decided by where it lands (the convention docs/templates.md states):
 *
 * - "user": handlers, their tests, sample events, library code under src/lib and the layer's
 *   contents. The team is expected to change them. Later commands create them once and never
 *   merge into them: an untouched one is regenerated or removed with the function or resource it
 *   belongs to, an edited one is left exactly as it is (and named).
 * - "derived": everything else (the stack, README, package.json, scripts, CI, test support) is a
 *   function of lambdaform.json. Later commands re-render it and merge three ways, so hand edits
 *   survive wherever the change does not touch the same lines.
 */
export type FileKind = "user" | "derived";

const userOwned: readonly RegExp[] = [
  /^events\//,
  /^layer\//,
  /^src\/handlers\//,
  /^src\/lib\//,
  /^src\/app\/handlers\//,
  /^src\/app\/lib\//,
  /^tests\/test_[^/]+\.py$/,
  /^requirements\.txt$/,
];

export function fileKind(file: string): FileKind {
  return userOwned.some((pattern) => pattern.test(file)) ? "user" : "derived";
}
