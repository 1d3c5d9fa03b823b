import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['REF-07-pdb-selects'].map(fixture);

export default {
  rule: 'REF-07',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
