import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCH-017-port-names'].map(fixture);

export default {
  rule: 'SCH-017',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
