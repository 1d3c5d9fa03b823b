import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SEC-R-02-enforced-namespace', 'SEC-R-02-no-privilege-escalation'].map(fixture);

export default {
  rule: 'SEC-R-02',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
