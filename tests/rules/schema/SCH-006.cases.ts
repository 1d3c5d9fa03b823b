import { fixture, type RuleTable } from '../tester.js';

const fixtures = ['SCH-006-seed-redis-group', 'SCH-006-unknown-kind'].map(fixture);

export default {
  rule: 'SCH-006',
  valid: fixtures.map((f) => f.valid),
  invalid: fixtures.map((f) => f.invalid),
} satisfies RuleTable;
