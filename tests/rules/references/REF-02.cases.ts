import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['REF-02-ingress-backend'].map(fixture);

export default {
  rule: 'REF-02',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
