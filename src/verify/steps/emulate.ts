import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LambdaformError } from "../../errors.js";
import { freePort, startEmulator, type Emulator } from "../../emulator/emulator.js";
import { applyStack, destroyStack, EmulatorStackError, planStack } from "../../emulator/stack.js";
import { outputFiles } from "../cache/inputs.js";
import { StepFailure, type Step, type StepContext, type StepOutcome } from "../context.js";

/**
 * The stack against a real AWS emulator: apply to a fresh one, plan again (a second plan that
 * wants changes means the stack never settles: drift on every deploy), then destroy. Off unless
 * asked for (`--emulate`, `--require-emulator`): applying every resource takes minutes, and the
 * loop verify serves most often (an edit, then verify) gains nothing from it.
 */
export const emulateStep: Step = {
  id: "emulate",
  describe: (ctx) =>
    asked(ctx) ? `apply the stack to ${ctx.options.endpoint ?? "a fresh moto"}, plan again (no changes), destroy` : "off unless --emulate",
  async run(ctx) {
    if (!asked(ctx)) {
      return { status: "skipped", detail: "not asked for: --emulate applies the stack to an AWS emulator (moto), plans again and destroys it" };
    }
    const outcome = await emulate(ctx);
    // CI that must prove the stack deploys cannot pass on a machine where it was not tried.
    if (outcome.status === "skipped" && ctx.options.requireEmulator) {
      throw new StepFailure(`required (--require-emulator) but could not run: ${outcome.detail}`);
    }
    return outcome;
  },
  inputs: (ctx) => ({
    files: outputFiles(ctx.dir, "cdktf.out"),
    // A run against a given endpoint proves nothing about a fresh moto, and the reverse.
    values: { emulate: asked(ctx), endpoint: ctx.options.endpoint ?? "moto" },
  }),
};

function asked(ctx: StepContext): boolean {
  return Boolean(ctx.options.emulate || ctx.options.requireEmulator);
}

async function emulate(ctx: StepContext): Promise<StepOutcome> {
  // Set by the terraform step once a provider was installed: without one nothing can be applied.
  if (!ctx.versions["aws-provider"]) return { status: "skipped", detail: "Terraform and the aws provider are needed (see the terraform step)" };
  let emulator: Emulator;
  try {
    emulator = await startEmulator({ endpoint: ctx.options.endpoint, port: await freePort(), signal: ctx.signal });
  } catch (error) {
    if (error instanceof LambdaformError) return { status: "skipped", detail: error.message };
    throw error;
  }
  const workDir = mkdtempSync(path.join(os.tmpdir(), "lambdaform-emulate-"));
  const run = { projectDir: ctx.dir, endpoint: emulator.endpoint, workDir, signal: ctx.signal };
  const started = Date.now();
  try {
    ctx.current = "terraform apply (emulator)";
    const applied = await applyStack(run).catch(async (error: unknown) => {
      // A moto started here goes with everything in it; a given emulator must not keep half a stack.
      if (!emulator.owned) await destroyStack(run).catch(() => {});
      throw error;
    });
    const appliedMs = Date.now() - started;
    ctx.current = "terraform plan (emulator)";
    const plan = await planStack(run);
    ctx.current = "terraform destroy (emulator)";
    // Destroyed even when the plan found changes: a given endpoint must not keep half a stack.
    // The plan has just read every resource back, so the destroy does not read them again.
    await destroyStack(run, { refresh: false });
    if (plan.changes > 0) throw new StepFailure(`a plan after the apply still wants changes: ${plan.summary}`);
    return {
      status: "passed",
      detail: `${applied.resources} resources applied to ${emulator.owned ? "moto" : emulator.endpoint}, planned again with no changes, destroyed`,
      notes: applied.notes,
      metrics: { resources: applied.resources, applyMs: appliedMs, totalMs: Date.now() - started },
    };
  } catch (error) {
    if (error instanceof EmulatorStackError) throw new StepFailure(error.message, error.command, error.output);
    throw error;
  } finally {
    await emulator.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}
