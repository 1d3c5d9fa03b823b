import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-B-02-privileged'].map(fixture);

export default {
  rule: 'SEC-B-02',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
