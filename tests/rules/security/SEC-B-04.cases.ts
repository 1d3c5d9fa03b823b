import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-B-04-host-path'].map(fixture);

export default {
  rule: 'SEC-B-04',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
