import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['REF-11-hpa-vs-replicas'].map(fixture);

export default {
  rule: 'REF-11',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
