import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['REF-03-hpa-target'].map(fixture);

export default {
  rule: 'REF-03',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
