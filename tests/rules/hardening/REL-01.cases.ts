import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['REL-01-resources'].map(fixture);

export default {
  rule: 'REL-01',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
