import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['ARGO-009-appset-generation'].map(fixture);

export default {
  rule: 'ARGO-009',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
