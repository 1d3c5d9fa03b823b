import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-H-11-ingress-annotations'].map(fixture);

export default {
  rule: 'SEC-H-11',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
