import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['ARGO-010-sync-policy'].map(fixture);

export default {
  rule: 'ARGO-010',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
