import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['REF-06-config-refs'].map(fixture);

export default {
  rule: 'REF-06',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
