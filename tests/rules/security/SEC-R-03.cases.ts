import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['SEC-R-03-run-as-non-root'].map(fixture);

const IMAGE = 'registry.example.org/x:1.0.0';

const pod = (podContext: string, containers: string[], extra = ''): string => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
${extra}  securityContext: {${podContext}}
  containers:
${containers.map((c, i) => `    - {name: c${i}, image: ${IMAGE}, securityContext: {${c}}}`).join('\n')}
`;

const valid: RuleCase[] = [
  { name: 'on-every-container', yaml: pod('', ['runAsNonRoot: true', 'runAsNonRoot: true']) },
  { name: 'user-namespace-1.35', yaml: pod('', [''], '  hostUsers: false\n'), kubeVersion: '1.35' },
];

const invalid: RuleCase[] = [
  {
    name: 'user-namespace-before-1.35',
    yaml: pod('', [''], '  hostUsers: false\n'),
    kubeVersion: '1.34',
    expect: [
      { line: 7, path: 'spec.securityContext', message: 'not set on the pod; container "c0" does not set it either' },
    ],
  },
  {
    name: 'containers-unset',
    yaml: pod('runAsUser: 1000', ['', 'runAsNonRoot: false', '']),
    expect: [
      {
        line: 6,
        path: 'spec.securityContext',
        message: 'not set on the pod; containers "c0" and "c2" do not set it either (expected',
      },
      {
        line: 9,
        path: 'spec.containers[1].securityContext.runAsNonRoot',
        message: 'container "c1" sets runAsNonRoot: false',
      },
    ],
  },
  {
    name: 'pod-false',
    yaml: pod('runAsNonRoot: false', ['runAsNonRoot: true']),
    expect: [
      {
        line: 6,
        path: 'spec.securityContext.runAsNonRoot',
        message: 'the pod sets runAsNonRoot: false (expected true)',
      },
    ],
  },
];

export default {
  rule: 'SEC-R-03',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
