import type { AppSpec, DiffCase, DiffTable, Expected } from '../tester.js';

const deployment = (image: string, replicas = 2, kind = 'Deployment'): string => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: billing
spec:
  replicas: ${replicas}
  template:
    spec:
      containers:
        - name: billing
          image: ${image}
`;

const env = (environment: string, yaml: string): AppSpec => ({
  name: `zarish-his-${environment}`,
  environment,
  files: { [`${environment}.yaml`]: yaml },
});

/** staging (or `lowEnv`) moves billing from 1.0 to 1.1 while prod changes from `prodBefore` to `prodAfter`. */
const pr = (
  name: string,
  prodBefore: string,
  prodAfter: string,
  expect?: Expected[],
  lowEnv = 'staging',
  lowAfter = deployment('billing:1.1'),
  upEnv = 'prod',
): DiffCase => ({
  name,
  base: [env(lowEnv, deployment('billing:1.0')), env(upEnv, prodBefore)],
  head: [env(lowEnv, lowAfter), env(upEnv, prodAfter)],
  ...(expect ? { expect } : {}),
});

export default {
  rule: 'DIFF-004',
  diff: true,
  valid: [
    pr('promoted-together', deployment('billing:1.0'), deployment('billing:1.1')),
    // prod unchanged: nothing is skipped
    pr('prod-unchanged', deployment('billing:0.9'), deployment('billing:0.9')),
    // dev changes something that is not the release
    pr(
      'replicas-only',
      deployment('billing:0.9'),
      deployment('billing:0.9', 3),
      undefined,
      'dev',
      deployment('billing:1.0', 5),
    ),
    // another kind of the same name is another service
    pr('other-kind', deployment('billing:0.9', 2, 'StatefulSet'), deployment('billing:0.9', 3, 'StatefulSet')),
    // two upper environments: not a promotion order
    pr('prod-and-dr', deployment('billing:0.9'), deployment('billing:0.9', 3), undefined, 'dr'),
    // the order comes from the clusters: an environment after prod is not a lower one
    {
      ...pr('after-prod-from-clusters', deployment('billing:0.9'), deployment('billing:0.9', 3), undefined, 'edu'),
      environments: ['dev', 'staging', 'prod', 'edu', 'dr'],
    },
  ],
  invalid: [
    pr('prod-changes-without-the-release', deployment('billing:0.9'), deployment('billing:0.9', 3), [
      {
        file: 'prod.yaml',
        line: 11,
        path: 'spec.template.spec.containers[name=billing].image',
        resource: 'Deployment/billing',
        severity: 'warning',
        message:
          'Deployment billing changes in prod in the same pull request as staging moves ' +
          'spec.template.spec.containers[name=billing].image to billing:1.1, but prod runs billing:0.9',
      },
    ]),
    pr(
      'dr-after-dev',
      deployment('billing:0.9'),
      deployment('billing:1.0', 3),
      [
        {
          file: 'dr.yaml',
          line: 11,
          path: 'spec.template.spec.containers[name=billing].image',
          message: "dev's change is not promoted",
        },
      ],
      'dev',
      deployment('billing:1.1'),
      'dr',
    ),
    // an environment the clusters put before prod (added without TypeScript) is a lower one
    {
      ...pr(
        'qa-before-prod-from-clusters',
        deployment('billing:0.9'),
        deployment('billing:0.9', 3),
        [{ file: 'prod.yaml', line: 11, path: 'spec.template.spec.containers[name=billing].image' }],
        'qa',
      ),
      environments: ['dev', 'staging', 'qa', 'prod', 'dr'],
    },
  ],
} satisfies DiffTable;
