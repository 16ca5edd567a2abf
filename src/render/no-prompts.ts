/**
 * Stands in for inquirer inside the bundled node-plop (see plop.ts): node-plop registers its
 * prompt module at start-up, but lambdaform never runs plop's prompts (its generators have none).
 */
const refuse = async (): Promise<never> => {
  throw new Error("lambdaform's generators take no plop prompts");
};

export default {
  registerPrompt(): void {},
  prompt: Object.assign(refuse, { prompts: {} }),
  createPromptModule: () => Object.assign(refuse, { prompts: {}, registerPrompt(): void {} }),
};
