import path from "node:path";
import { Tree } from "../render/tree.js";

/**
 * The files of `lambdaform pack init`: a pack that works as it is (pack check and pack test
 * pass) and shows each part once: one override, one question, one lock, one rule.
 */
export function starterPack(dir: string): Tree {
  const name = path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[^a-z0-9]+/, "") || "my-pack";
  const tree = new Tree();
  tree.write(
    "package.json",
    JSON.stringify({ name: `${name}`, version: "0.1.0", description: "A lambdaform template pack", keywords: ["lambdaform-pack"], files: ["pack.json", "templates", "rules.mjs", "README.md"] }, null, 2) + "\n",
  );
  tree.write(
    "pack.json",
    JSON.stringify(
      {
        formatVersion: 1,
        name,
        description: "Our conventions for Lambda services",
        defaults: { memory: 512 },
        locked: { tracing: true },
        questions: [{ name: "team", type: "text", message: "Team that owns the service", default: "platform", pattern: "[a-z][a-z0-9-]*" }],
      },
      null,
      2,
    ) + "\n",
  );
  tree.write(
    "templates/base/common/README.md.hbs",
    `# {{project.name}}

Owned by {{pack.team}}. Runtime {{project.runtime}}, region {{project.region}}, X-Ray tracing on (locked by the ${name} pack).

{{#each functions}}
- \`{{name}}\` ({{triggerTitle}}): \`{{awsName}}\`
{{/each}}

    npm install && npm run verify
`,
  );
  tree.write(
    "rules.mjs",
    `/**
 * Rules \`lambdaform verify\` runs beside its own, on the synthesized stack (cdk.tf.json).
 * Each returns findings, [{ resource, message }]: an empty list passes.
 */
export const rules = [
  {
    id: "ORG001",
    description: "Functions have X-Ray tracing on",
    check(stack) {
      const functions = stack.stack?.resource?.aws_lambda_function ?? {};
      return Object.entries(functions)
        .filter(([, fn]) => fn.tracing_config?.mode !== "Active")
        .map(([id]) => ({ resource: \`aws_lambda_function.\${id}\`, message: "tracing is off" }));
    },
  },
];
`,
  );
  tree.write(
    "README.md",
    `# ${name}: a lambdaform template pack

- \`pack.json\`: the pack (format: lambdaform's schemas/pack.schema.json). \`defaults\` are settings a
  project starts with; \`locked\` settings cannot be changed by a flag, a prompt or another pack;
  \`choices\` (not used here) restricts runtimes, triggers, resources and regions; \`questions\` are
  asked at create, each with a flag (\`--pack-team\`), and reach templates as \`{{pack.team}}\`.
- \`templates/\`: files that replace lambdaform's built-in templates at the same path (here the
  README). A new file must be listed in pack.json \`adds\`.
- \`rules.mjs\`: rules every \`lambdaform verify\` runs.

Check it, then create and verify a project for every runtime and trigger it allows:

    lambdaform pack check .
    lambdaform pack test .

Use it: \`lambdaform create my-svc --template-pack <this folder>\`, or publish it to npm and use
its package name; \`{"templatePack": "<it>"}\` in a \`.lambdaformrc.json\` makes it the default for
every project below that folder.
`,
  );
  return tree;
}
