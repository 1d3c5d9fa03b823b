import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCH-001-yaml-syntax'].map(fixture);

export default {
  rule: 'SCH-001',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
