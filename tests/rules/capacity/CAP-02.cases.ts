import { deployment } from '../manifests.js';
import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['CAP-02-quota-headroom'].map(fixture);

const QUOTA =
  'apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q\n  namespace: lab\nspec:\n  hard: {pods: "10"}\n';

const web = (name: string, replicas: number): string =>
  deployment('      containers:\n        - name: app\n          image: registry.example.org/web:1.0.0\n', {
    name,
    metadata: ['namespace: lab'],
    spec: [`replicas: ${replicas}`],
  });

export default {
  rule: 'CAP-02',
  valid: fixtures.map((f) => f.valid),
  invalid: [
    ...fixtures.map((f) => f.invalid),
    {
      // the headroom of a namespace counts the workloads of every Application deploying to it on the cluster
      name: 'workloads-of-other-applications',
      units: [
        { name: 'platform', cluster: 'dhaka', files: { 'quota.yaml': QUOTA } },
        { name: 'group-1', cluster: 'dhaka', files: { 'a.yaml': web('a', 3) } },
        { name: 'group-2', cluster: 'dhaka', files: { 'b.yaml': web('b', 2) } },
        // another cluster's namespace of the same name is not this one
        { name: 'elsewhere', cluster: 'chittagong', files: { 'c.yaml': web('c', 4) } },
      ],
      expect: [
        {
          file: 'quota.yaml',
          line: 7,
          path: 'spec.hard',
          resource: 'ResourceQuota/q',
          message:
            'pods 5 of 10 (50.0%), headroom 5. counted at peak (HPA maxReplicas, one node per DaemonSet): ' +
            '2 workloads (5 pods)',
        },
      ],
    },
  ],
} satisfies RuleTable;
