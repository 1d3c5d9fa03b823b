import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['REL-03-probes'].map(fixture);

export default {
  rule: 'REL-03',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
