import { pod } from '../manifests.js';
import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['SCH-010-list-map-unique'].map(fixture);

const valid: RuleCase[] = [
  {
    name: 'unique-volumes',
    yaml: pod('  containers: [{name: a, image: x}]\n  volumes: [{name: a, emptyDir: {}}, {name: b, emptyDir: {}}]\n'),
  },
];

const invalid: RuleCase[] = [
  {
    name: 'volume-twice',
    yaml: pod(
      '  containers: [{name: a, image: x}]\n  volumes:\n    - {name: a, emptyDir: {}}\n    - {name: a, emptyDir: {}}\n',
    ),
    expect: [{ line: 9, path: 'spec.volumes[1].name', message: 'volume name "a" is used twice' }],
  },
];

export default {
  rule: 'SCH-010',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
