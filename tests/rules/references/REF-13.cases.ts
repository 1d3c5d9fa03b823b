import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['REF-13-network-policy-coverage'].map(fixture);

export default {
  rule: 'REF-13',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
