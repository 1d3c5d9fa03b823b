import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-H-12-ingress-class-annotation'].map(fixture);

export default {
  rule: 'SEC-H-12',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
