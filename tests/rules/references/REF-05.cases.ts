import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['REF-05-serviceaccount-exists'].map(fixture);

export default {
  rule: 'REF-05',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
