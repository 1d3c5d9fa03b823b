import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-H-08-ingress-tls'].map(fixture);

export default {
  rule: 'SEC-H-08',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
