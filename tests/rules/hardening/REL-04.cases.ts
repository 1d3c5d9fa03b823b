import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['REL-04-probe-port'].map(fixture);

export default {
  rule: 'REL-04',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
