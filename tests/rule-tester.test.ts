/**
 * The RuleTester (tests/rules/tester.ts): every registered rule, validate and diff, has a table in
 * tests/rules/<group>/<RULE-ID>.cases.ts with at least one valid and one invalid case, each invalid
 * case states where its findings are; every case runs in process.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIFF_RULES } from '../scripts/lib/diff/check.js';
import { RULES } from '../scripts/lib/validate/registry.js';
import {
  checkCase,
  checkDiffCase,
  isDiff,
  isExternal,
  loadTables,
  ROOT,
  type AnyTable,
  type DiffTable,
  type RuleTable,
} from './rules/tester.js';

const tables = await loadTables();
const byRule = new Map<string, { file: string; table: AnyTable }[]>();
for (const t of tables) byRule.set(t.table.rule, [...(byRule.get(t.table.rule) ?? []), t]);

describe('every rule has a case table', () => {
  const ids = [...RULES.map((r) => r.id), ...DIFF_RULES.map((r) => r.id)];
  it.each(ids)('%s has exactly one table', (id) => {
    expect(byRule.get(id)?.map((t) => t.file) ?? [], `tests/rules/<group>/${id}.cases.ts`).toHaveLength(1);
  });

  it('every table names a registered rule', () => {
    expect(tables.filter((t) => !ids.includes(t.table.rule)).map((t) => `${t.file}: ${t.table.rule}`)).toEqual([]);
  });

  it.each(tables.map((t) => [t.table.rule, t] as const))('%s: valid and invalid cases, located', (_id, { table }) => {
    if (isExternal(table)) {
      // A verdict from outside the module (API server, kustomize): the tests that cover it exist and name it.
      if (table.external.tests.length === 0) {
        expect(table.external.gap, `${table.rule}: no covering test and no gap stated`).toBeTruthy();
        console.warn(`${table.rule}: not tested: ${table.external.gap}`);
      }
      for (const file of table.external.tests) {
        expect(existsSync(path.join(ROOT, file)), file).toBe(true);
        expect(readFileSync(path.join(ROOT, file), 'utf8'), `${file} names ${table.rule}`).toContain(table.rule);
      }
      return;
    }
    const t = table as RuleTable | DiffTable;
    expect(t.valid.length, 'valid cases').toBeGreaterThan(0);
    expect(t.invalid.length, 'invalid cases').toBeGreaterThan(0);
    for (const c of t.valid) expect(c.expect ?? [], `valid case ${c.name} expects no finding`).toEqual([]);
    for (const c of t.invalid) {
      expect(c.expect?.length ?? 0, `invalid case ${c.name} expects findings`).toBeGreaterThan(0);
      for (const e of c.expect ?? []) {
        expect(typeof e.line, `${c.name}: line`).toBe('number');
        expect(typeof e.path, `${c.name}: path`).toBe('string');
      }
    }
  });
});

const runnable = tables.filter((t) => !isExternal(t.table));
describe.each(runnable.map((t) => [t.table.rule, t.table] as const))('%s', (_id, table) => {
  const t = table as RuleTable | DiffTable;
  const cases = [
    ...t.valid.map((c) => ['valid', c.name, c] as const),
    ...t.invalid.map((c) => ['invalid', c.name, c] as const),
  ];
  it.each(cases)('%s: %s', async (_kind, _name, c) => {
    const problem = isDiff(t)
      ? checkDiffCase(t, c as DiffTable['valid'][number])
      : await checkCase(t as RuleTable, c as RuleTable['valid'][number]);
    expect(problem).toBeUndefined();
  });
});
