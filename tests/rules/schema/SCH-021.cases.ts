import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['SCH-021-hpa-replica-range'].map(fixture);

const hpa = (spec: string): string =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n` +
  `  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: w}\n${spec}`;

const valid: RuleCase[] = [
  { name: 'no-max', yaml: hpa('  minReplicas: 3\n') },
  { name: 'equal', yaml: hpa('  minReplicas: 2\n  maxReplicas: 2\n') },
];

const invalid: RuleCase[] = [
  {
    name: 'max-zero-default-min',
    yaml: hpa('  maxReplicas: 0\n'),
    expect: [
      { line: 5, path: 'spec.minReplicas', message: 'minReplicas 1 is above maxReplicas 0' },
      { line: 7, path: 'spec.maxReplicas', message: 'maxReplicas 0 must be at least 1' },
    ],
  },
];

export default {
  rule: 'SCH-021',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
