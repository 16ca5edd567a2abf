/**
 * Acme's rules, run by every `lambdaform verify` beside lambdaform's own. A rule gets the
 * synthesized stack (cdk.tf.json) and returns findings: [{ resource, message }].
 */
export const rules = [
  {
    id: "ACME001",
    description: "Functions run on arm64 (Graviton), Acme's standard",
    check(stack) {
      const functions = stack.stack?.resource?.aws_lambda_function ?? {};
      return Object.entries(functions)
        .filter(([, fn]) => !(fn.architectures ?? []).includes("arm64"))
        .map(([name, fn]) => ({ resource: `aws_lambda_function.${name}`, message: `${fn.function_name ?? name} is not on arm64` }));
    },
  },
];
