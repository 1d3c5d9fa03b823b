import { pod } from '../manifests.js';
import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['SCH-018-port-range'].map(fixture);

const service = (ports: string, apiVersion = 'v1'): string =>
  `apiVersion: ${apiVersion}\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports: [${ports}]\n`;

const valid: RuleCase[] = [
  {
    name: 'host-port-zero',
    yaml: pod('  containers: [{name: a, image: x, ports: [{containerPort: 80, hostPort: 0}]}]\n'),
  },
  { name: 'edges', yaml: service('{port: 1, targetPort: 65535, nodePort: 30000}, {port: 80, targetPort: http}') },
];

const invalid: RuleCase[] = [
  {
    name: 'out-of-range',
    yaml: [
      pod('  containers: [{name: a, image: x, ports: [{containerPort: 0, hostPort: -1}]}]\n'),
      service('{port: 0, targetPort: 70000, nodePort: 1.5}'),
    ].join('---\n'),
    expect: [
      { line: 6, path: 'spec.containers[0].ports[0].containerPort', message: 'containerPort: port 0 is out of range' },
      { line: 6, path: 'spec.containers[0].ports[0].hostPort', message: 'hostPort: port -1 is out of range' },
      { line: 13, path: 'spec.ports[0].nodePort', message: 'nodePort: port 1.5' },
      { line: 13, path: 'spec.ports[0].port', message: 'port: port 0' },
      {
        line: 13,
        path: 'spec.ports[0].targetPort',
        message: 'targetPort: port 70000 is out of range (expected 1-65535)',
      },
    ],
  },
];

export default {
  rule: 'SCH-018',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
