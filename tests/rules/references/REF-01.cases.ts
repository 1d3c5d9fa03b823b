import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['REF-01-service-selects-pods'].map(fixture);

export default {
  rule: 'REF-01',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
