import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['SCH-016-selector-mismatch'].map(fixture);

const workload = (kind: string, selector: string): string => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: w
spec:
${selector}  template:
    metadata: {labels: {app: w}}
    spec:
      containers: [{name: a, image: x}]
`;

const valid: RuleCase[] = [
  {
    name: 'expressions-only',
    yaml: workload('StatefulSet', '  selector: {matchExpressions: [{key: app, operator: Exists}]}\n'),
  },
  { name: 'job-not-checked', yaml: workload('Job', '').replace('apps/v1', 'batch/v1') },
];

const invalid: RuleCase[] = [
  {
    name: 'no-selector',
    yaml: [workload('DaemonSet', ''), workload('ReplicaSet', '  selector: {matchLabels: {}}\n')].join('---\n'),
    expect: [
      { line: 5, path: 'spec.selector', message: 'DaemonSet has no spec.selector' },
      { line: 16, path: 'spec.selector', message: 'ReplicaSet has no spec.selector' },
    ],
  },
];

export default {
  rule: 'SCH-016',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
