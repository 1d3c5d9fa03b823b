import type { RuleCase, RuleTable } from '../tester.js';

const configMap = (name: string, namespace = 'zarish-his'): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: ${namespace}
data:
  a: b
`;

/** Two Applications (units billing and pharmacy), on one cluster or two. */
const twoApps = (name: string, second: string, secondCluster = 'dhaka', namespace?: string): RuleCase => ({
  name,
  units: [
    { name: 'billing', files: { 'billing.yaml': configMap('shared-config') } },
    { name: 'pharmacy', files: { 'pharmacy.yaml': configMap(second, namespace) } },
  ],
  argo: {
    clusters: [{ name: 'dhaka' }, { name: 'chittagong' }],
    targets: [
      { name: 'billing', cluster: 'dhaka' },
      { name: 'pharmacy', cluster: secondCluster },
    ],
  },
});

export default {
  rule: 'ARGO-005',
  valid: [
    twoApps('different-names', 'pharmacy-config'),
    twoApps('same-name-other-cluster', 'shared-config', 'chittagong'),
    twoApps('same-name-other-namespace', 'shared-config', 'dhaka', 'zarish-his-lab'),
    { name: 'no-argo', units: twoApps('x', 'shared-config').units },
    // a unit that is no Argo CD target is not an Application
    { ...twoApps('not-a-target', 'shared-config'), argo: { targets: [{ name: 'billing', cluster: 'dhaka' }] } },
  ],
  invalid: [
    {
      ...twoApps('same-resource-same-cluster', 'shared-config'),
      expect: [
        {
          file: 'pharmacy.yaml',
          line: 4,
          path: 'metadata.name',
          resource: 'ConfigMap/shared-config',
          message:
            'ConfigMap zarish-his/shared-config on cluster dhaka is rendered by both billing and ' +
            'pharmacy (first at billing.yaml:1)',
        },
      ],
    },
  ],
} satisfies RuleTable;
