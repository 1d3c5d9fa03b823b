import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['REF-08-pdb-allows-eviction'].map(fixture);

export default {
  rule: 'REF-08',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
