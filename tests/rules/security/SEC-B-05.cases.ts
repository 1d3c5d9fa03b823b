import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-B-05-host-ports'].map(fixture);

export default {
  rule: 'SEC-B-05',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
