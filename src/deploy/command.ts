import { parseProjectCommand } from "../cli/args.js";
import type { MainDeps } from "../cli/main.js";
import { CancelledError, ExitCode, LambdaformError } from "../errors.js";
import type { StageSettings } from "../manifest/manifest.js";
import { readManifest } from "../manifest/read.js";
import { ciRoleText } from "./ci-role.js";
import { askStageSettings } from "./guided.js";
import { planSummary, runProjectScript } from "./project-script.js";
import { createStateBucket } from "./state-bucket.js";
import { checkAnswer, defaultStage, saveStage, savedStage, stageChecks } from "./stages.js";

export type DeployAction = "deploy" | "destroy";

export const deployUsage = `Usage: lambdaform deploy|destroy [dir] [--stage <name>] [flags]

Deploys (or destroys) one stage of the project in dir (default: the current folder) with the
project's own scripts/terraform.mjs, then prints the stack's outputs. Stages live side by side
in one account: every AWS name but the default stage's carries the stage, and each stage has its
own state. Settings saved for the stage in lambdaform.json ("stages") apply without flags.

Flags:
  --stage <name>          the stage (default: "default", today's names and terraform.tfstate)
  --guided                ask for the stage's settings, show the plan, ask to apply, save the answers
  --region <region>       the stage's AWS region (default: the project's)
  --profile <name>        AWS profile to deploy with
  --state-bucket <name>   keep the stage's state in S3 (encrypted, with a lock file)
  --migrate-state         move the stage's local state into --state-bucket (terraform init -migrate-state)
  --alarm-email <address> where the stage's alarms are emailed
  --endpoint <url>        an AWS emulator (moto) instead of AWS
  --yes, -y               no confirmation (needed without a terminal)
  --json                  the outputs as JSON on stdout
  --print-ci-role         print the IAM role and trust policy the CI deploy job assumes (--repo owner/name)
  --help, -h              print this help

Exit codes: 19 no emulator at --endpoint, 20 Terraform failed (the message names the resource;
the state is intact), as in lambdaform's README for the rest.`;

const flags = {
  stage: { type: "string" },
  guided: { type: "boolean" },
  region: { type: "string" },
  profile: { type: "string" },
  "state-bucket": { type: "string" },
  "migrate-state": { type: "boolean" },
  "alarm-email": { type: "string" },
  endpoint: { type: "string" },
  yes: { type: "boolean", short: "y" },
  json: { type: "boolean" },
  "print-ci-role": { type: "boolean" },
  repo: { type: "string" },
} as const;

/** `lambdaform deploy|destroy`: the saved and guided answers, then the project's own script. */
export async function deployCommand(action: DeployAction, argv: readonly string[], deps: MainDeps): Promise<number> {
  const { dir, values, help } = parseProjectCommand(argv, deps.cwd, flags);
  if (help) {
    deps.io.out(deployUsage);
    return ExitCode.ok;
  }
  const manifest = readManifest(dir);
  const project = manifest.spec.name;
  if (values["print-ci-role"]) {
    const repo = values.repo ?? `<owner>/${project}`;
    deps.io.out(ciRoleText({ project, repo, branch: "main", stateBucket: values["state-bucket"] }));
    return ExitCode.ok;
  }

  const guided = Boolean(values.guided);
  const prompter = guided ? deps.prompter : undefined;
  let stage = values.stage !== undefined ? checkAnswer("stage", values.stage) : undefined;
  if (stage === undefined && prompter) {
    stage = await prompter.input({ message: "Stage", default: defaultStage, validate: (v) => stageChecks.stage(v) ?? true });
  }
  stage ??= defaultStage;

  const given: StageSettings = {
    region: values.region !== undefined ? checkAnswer("region", values.region) : undefined,
    profile: values.profile !== undefined ? checkAnswer("profile", values.profile) : undefined,
    stateBucket: values["state-bucket"] !== undefined ? checkAnswer("stateBucket", values["state-bucket"]) : undefined,
    alarmEmail: values["alarm-email"] !== undefined ? checkAnswer("alarmEmail", values["alarm-email"]) : undefined,
  };
  const saved = savedStage(dir, stage);
  let settings: StageSettings = { ...saved, ...defined(given) };
  const endpoint = values.endpoint;
  const env = { ...process.env, ...(settings.profile && !endpoint ? { AWS_PROFILE: settings.profile } : {}) };

  if (prompter) {
    const answers = await askStageSettings(prompter, { stage, given: defined(given), saved, projectRegion: manifest.spec.region });
    settings = answers.settings;
    if (answers.createBucket && settings.stateBucket) {
      await createStateBucket({
        dir,
        bucket: settings.stateBucket,
        region: settings.stateRegion ?? settings.region ?? manifest.spec.region,
        env: endpoint ? { ...env, AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" } : env,
        emulated: Boolean(endpoint),
        signal: deps.signal,
      });
    }
  }
  // Answers and flags are saved for the stage, so its next deploy needs only --stage. The project's
  // script and stack read them from there: one place, whoever deploys.
  if (guided || Object.keys(defined(given)).length > 0) saveStage(dir, stage, settings);

  const run = (command: string, rest: string[] = [], capture = false) =>
    runProjectScript({ dir, args: [command, "--stage", stage, ...(endpoint ? ["--endpoint", endpoint] : []), ...rest], env, signal: deps.signal, capture });
  const finish = (exitCode: number) => {
    if (exitCode === 130) throw new CancelledError(`${action} of stage ${stage} cancelled`);
    return exitCode;
  };

  if (values["migrate-state"]) {
    if (!settings.stateBucket) throw new LambdaformError("usage", "--migrate-state needs --state-bucket <bucket> (or a bucket saved for the stage)");
    return finish((await run("migrate-state")).exitCode);
  }

  let yes = Boolean(values.yes);
  if (prompter && !yes) {
    // The plan first, so the question is about what will change.
    const plan = await run("plan", action === "destroy" ? ["--", "-destroy"] : [], true);
    if (plan.exitCode !== 0) return finish(plan.exitCode);
    const summary = planSummary(plan.stdout);
    if (!(await prompter.confirm({ message: `${summary} ${action === "destroy" ? "Destroy" : "Apply"} stage ${stage}?`, default: action === "deploy" }))) {
      throw new CancelledError(`${action} of stage ${stage} cancelled; nothing was changed`);
    }
    yes = true;
  }
  if (!yes && !deps.io.isTTY) {
    throw new LambdaformError("missingAnswer", `no terminal to confirm the ${action} of stage ${stage}: add --yes`);
  }
  return finish((await run(action === "deploy" ? "apply" : "destroy", [...(yes ? ["--yes"] : []), ...(values.json ? ["--json"] : [])])).exitCode);
}

function defined(settings: StageSettings): StageSettings {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as StageSettings;
}
