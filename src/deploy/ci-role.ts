/**
 * What the generated deploy workflow needs in AWS: a role GitHub's OIDC tokens for this
 * repository may assume (no long-lived keys), allowed what a lambdaform stack creates.
 * `lambdaform deploy --print-ci-role --repo owner/name` prints it; the README shows the commands.
 */
export function ciRole(o: { project: string; repo: string; branch: string; stateBucket?: string }) {
  const trustPolicy = {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: "arn:aws:iam::<ACCOUNT_ID>:oidc-provider/token.actions.githubusercontent.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
          // The main branch deploys; pull requests only plan (their tokens carry ref "pull_request").
          StringLike: { "token.actions.githubusercontent.com:sub": [`repo:${o.repo}:ref:refs/heads/${o.branch}`, `repo:${o.repo}:pull_request`] },
        },
      },
    ],
  };
  // The services a stack's resources live in, in the stage's region.
  const services = ["lambda", "apigateway", "logs", "cloudwatch", "sns", "sqs", "dynamodb", "s3", "kms", "events", "scheduler", "secretsmanager"];
  // IAM only for the project's own roles (every one is named `<project>-…`), so the deploy role
  // cannot grant itself or anything else more: it is named outside that pattern on purpose.
  const roleActions = [
    "CreateRole", "DeleteRole", "GetRole", "TagRole", "UntagRole", "UpdateAssumeRolePolicy", "PassRole",
    "PutRolePolicy", "GetRolePolicy", "DeleteRolePolicy", "ListRolePolicies",
    "AttachRolePolicy", "DetachRolePolicy", "ListAttachedRolePolicies", "ListInstanceProfilesForRole",
  ];
  const permissions = {
    Version: "2012-10-17",
    Statement: [
      { Sid: "Stack", Effect: "Allow", Action: services.map((s) => `${s}:*`), Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": "<REGION>" } } },
      { Sid: "ProjectRoles", Effect: "Allow", Action: roleActions.map((a) => `iam:${a}`), Resource: `arn:aws:iam::<ACCOUNT_ID>:role/${o.project}-*` },
      { Sid: "Identity", Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" },
      ...(o.stateBucket
        ? [{ Sid: "State", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: [`arn:aws:s3:::${o.stateBucket}`, `arn:aws:s3:::${o.stateBucket}/${o.project}/*`] }]
        : []),
    ],
  };
  return { roleName: `github-deploy-${o.project}`, trustPolicy, permissions };
}

export function ciRoleText(o: Parameters<typeof ciRole>[0]): string {
  const role = ciRole(o);
  return [
    `# Once per account: GitHub's OIDC provider`,
    `aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com`,
    ``,
    `# The role (replace <ACCOUNT_ID> and <REGION>); its ARN goes in the repository secret AWS_DEPLOY_ROLE_ARN`,
    `aws iam create-role --role-name ${role.roleName} --assume-role-policy-document '${JSON.stringify(role.trustPolicy)}'`,
    `aws iam put-role-policy --role-name ${role.roleName} --policy-name deploy --policy-document '${JSON.stringify(role.permissions)}'`,
    ``,
    `Trust policy:`,
    JSON.stringify(role.trustPolicy, null, 2),
    ``,
    `Permissions:`,
    JSON.stringify(role.permissions, null, 2),
  ].join("\n");
}
