/**
 * One generated test per folder of tests/fixtures/rules/<case>/:
 *   fail.yaml      manifests that break the rule
 *   pass.yaml      the same, fixed: no finding of that rule, and no error from its rule group
 *   expected.yaml  { rule, kubeVersion?, findings: [{ resource: Kind/name | null, line, path, message? }] }
 * The assertion is exact: the rule's findings on fail.yaml are precisely the expected ones. Every expected finding
 * states its resource (null: a finding about the file, not an object), line and field path ("" when the finding
 * is about a whole document rather than a field); a fixture that leaves one out is refused, not filled in.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validate } from '../scripts/lib/validate/run.js';
import { RULES } from '../scripts/lib/validate/registry.js';
import { ROOT } from './helpers.js';

interface Expected {
  rule: string;
  kubeVersion?: string;
  findings: { resource: string | null; line: number; path: string; message?: string }[];
}

const FIXTURES = path.join(ROOT, 'tests/fixtures/rules');
const cases = existsSync(FIXTURES) ? readdirSync(FIXTURES).sort() : [];

async function findingsOf(file: string, rule: string, kubeVersion?: string) {
  const result = await validate({
    root: ROOT,
    paths: [path.relative(ROOT, file)],
    cwd: ROOT,
    kubeVersion,
    now: new Date('2026-11-23T00:00:00Z'),
  });
  return { all: result.findings, ofRule: result.findings.filter((f) => f.ruleId === rule) };
}

describe.each(cases)('rule fixture %s', (name) => {
  const dir = path.join(FIXTURES, name);
  const expected = parse(readFileSync(path.join(dir, 'expected.yaml'), 'utf8')) as Expected;

  it(`fail.yaml raises exactly the expected ${expected.rule} findings`, async () => {
    const { ofRule } = await findingsOf(path.join(dir, 'fail.yaml'), expected.rule, expected.kubeVersion);
    for (const [i, e] of expected.findings.entries()) {
      for (const key of ['resource', 'line', 'path'] as const)
        expect(e, `${name}/expected.yaml findings[${i}] states ${key}`).toHaveProperty(key);
    }
    const got = ofRule.map((f) => ({
      resource: f.resource ? `${f.resource.kind}/${f.resource.name}` : null,
      line: f.line,
      path: f.path,
      file: f.file,
    }));
    expect(got.map(({ file: _file, ...rest }) => rest)).toEqual(
      expected.findings.map((e) => ({ resource: e.resource, line: e.line, path: e.path })),
    );
    for (const g of got) expect(g.file).toBe(`tests/fixtures/rules/${name}/fail.yaml`);
    for (const e of expected.findings) {
      if (e.message) expect(ofRule.map((f) => f.message).join('\n')).toContain(e.message);
    }
  });

  it(`pass.yaml raises no ${expected.rule} finding and no error from its group`, async () => {
    const group = RULES.find((r) => r.id === expected.rule)?.group;
    expect(group, `rule ${expected.rule} is registered`).toBeDefined();
    const sameGroup = new Set(RULES.filter((r) => r.group === group).map((r) => r.id));
    const { all } = await findingsOf(path.join(dir, 'pass.yaml'), expected.rule, expected.kubeVersion);
    expect(
      all
        .filter((f) => f.ruleId === expected.rule || (f.severity === 'error' && !f.waived && sameGroup.has(f.ruleId)))
        .map((f) => `${f.ruleId} ${f.line} ${f.message}`),
    ).toEqual([]);
  });
});
