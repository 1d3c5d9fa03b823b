import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['SCH-017-port-names'].map(fixture);

const service = (ports: string, apiVersion = 'v1'): string =>
  `apiVersion: ${apiVersion}\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports: [${ports}]\n`;

const valid: RuleCase[] = [
  {
    name: 'numeric-and-named-targets',
    yaml: service('{port: 80, targetPort: "8080"}, {port: 81, targetPort: http}, {port: 82, targetPort: 9000}'),
  },
  { name: 'other-group', yaml: service('{port: 80, targetPort: Not_Valid}', 'example.org/v1') },
];

const invalid: RuleCase[] = [
  {
    name: 'bad-target-name',
    yaml: service('{port: 80, targetPort: Not_Valid}'),
    expect: [{ line: 6, path: 'spec.ports[0].targetPort', message: 'targetPort: ' }],
  },
];

export default {
  rule: 'SCH-017',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
