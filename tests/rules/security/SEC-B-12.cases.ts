import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-B-12-probe-host'].map(fixture);

export default {
  rule: 'SEC-B-12',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
