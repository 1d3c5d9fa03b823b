/**
 * Waiver semantics: the annotation waive.his.zarishsphere.com/<RULE-ID>: "<reason> [expires=YYYY-MM-DD]" waives
 * that rule's findings on that resource; a waiver without a reason, an expired one, one with an unreadable expiry,
 * one naming an unknown rule, or one naming WVR-001 itself is a finding (WVR-001, error) and waives nothing.
 * Waived findings stay in the report.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Finding } from '../scripts/lib/findings.js';
import { RULES } from '../scripts/lib/validate/registry.js';
import { validate, type ValidateResult } from '../scripts/lib/validate/run.js';
import { WAIVER_PREFIX, WAIVER_RULE_ID } from '../scripts/lib/validate/engine.js';
import { ROOT, runScript, tempDir } from './helpers.js';

const FIXTURES = 'tests/fixtures/waivers';
const SEMANTICS = `${FIXTURES}/semantics.yaml`;
const ONLY_WAIVED = `${FIXTURES}/only-waived.yaml`;
const NOW = new Date('2026-11-23T00:00:00Z');

async function check(file: string, cwd = ROOT): Promise<ValidateResult> {
  return validate({ root: ROOT, paths: [file], cwd, now: NOW });
}

/** The line (1-based) of the first line of `file` at or after `after` that contains `text`. */
function lineIn(file: string, text: string, after = 1): number {
  const lines = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const i = lines.findIndex((l, n) => n >= after - 1 && l.includes(text));
  if (i < 0) throw new Error(`${file}: "${text}" not found`);
  return i + 1;
}

describe('waivers', () => {
  let result: ValidateResult;
  const on = (name: string, rule: string): Finding[] =>
    result.findings.filter((f) => f.resource?.name === name && f.ruleId === rule);

  beforeAll(async () => {
    result = await check(SEMANTICS);
  });

  it('the waiver annotation prefix and the waiver rule id are the documented ones', () => {
    expect(WAIVER_PREFIX).toBe('waive.his.zarishsphere.com/');
    expect(WAIVER_RULE_ID).toBe('WVR-001');
    expect(RULES.map((r) => r.id)).toContain('SCR-02');
  });

  it('a waiver naming WVR-001 is itself a WVR-001 error at its annotation, and waives no WVR-001 finding', async () => {
    const dir = await tempDir('zarish-waivers-');
    await writeFile(
      path.join(dir, 'wvr.yaml'),
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: waives-wvr',
        '  annotations:',
        '    waive.his.zarishsphere.com/WVR-001: "silence the waiver check"',
        '    waive.his.zarishsphere.com/SCR-02: "   "',
        'data:',
        '  db-password: hunter2',
        '',
      ].join('\n'),
    );
    const r = await check('wvr.yaml', dir);
    const wvr = r.findings.filter((f) => f.ruleId === WAIVER_RULE_ID);
    expect(wvr.map((f) => ({ line: f.line, path: f.path, severity: f.severity, waived: f.waived }))).toEqual([
      {
        line: 6,
        path: 'metadata.annotations["waive.his.zarishsphere.com/WVR-001"]',
        severity: 'error',
        waived: undefined,
      },
      {
        line: 7,
        path: 'metadata.annotations["waive.his.zarishsphere.com/SCR-02"]',
        severity: 'error',
        waived: undefined,
      },
    ]);
    expect(wvr[0]?.message).toContain('names WVR-001, which cannot be waived');
    // the blank SCR-02 waiver's own WVR-001 error stays an error: the WVR-001 waiver silenced nothing
    expect(r.findings.filter((f) => f.ruleId === 'SCR-02').map((f) => f.waived)).toEqual([undefined]);
    expect(r.summary.waived).toBe(0);
  });

  it('a valid waiver with a reason and no expiry waives the finding, which stays in the report', () => {
    const [f, ...rest] = on('no-expiry', 'SCR-02');
    expect(rest).toEqual([]);
    expect(f?.severity).toBe('error');
    expect(f?.line).toBe(lineIn(SEMANTICS, 'db-password', lineIn(SEMANTICS, 'name: no-expiry')));
    expect(f?.waived).toEqual({
      reason: 'vendor appliance reads its password from this ConfigMap only',
      expires: undefined,
    });
    expect(on('no-expiry', WAIVER_RULE_ID)).toEqual([]);
  });

  it('a valid waiver with a future expiry waives the finding and keeps the date apart from the reason', () => {
    const [f] = on('future-expiry', 'SCR-02');
    expect(f?.waived).toEqual({ reason: 'migration to ExternalSecret tracked in HIS-1234', expires: '2027-01-31' });
    expect(on('future-expiry', WAIVER_RULE_ID)).toEqual([]);
  });

  it('a waiver is valid through its expiry date', () => {
    expect(on('expires-today', 'SCR-02')[0]?.waived).toEqual({
      reason: 'last day of the grace period',
      expires: '2026-11-23',
    });
    expect(on('expires-today', WAIVER_RULE_ID)).toEqual([]);
  });

  it('an expired waiver is a WVR-001 error naming the date, and the original finding is not waived', () => {
    const [w, ...more] = on('expired', WAIVER_RULE_ID);
    expect(more).toEqual([]);
    expect(w?.severity).toBe('error');
    expect(w?.message).toContain('2026-10-31');
    expect(w?.message).toContain('expired');
    expect(w?.path).toBe('metadata.annotations["waive.his.zarishsphere.com/SCR-02"]');
    expect(w?.line).toBe(lineIn(SEMANTICS, 'waive.his.zarishsphere.com/SCR-02', lineIn(SEMANTICS, 'name: expired')));
    expect(w?.file).toBe(SEMANTICS);
    const [f] = on('expired', 'SCR-02');
    expect(f).toBeDefined();
    expect(f?.waived).toBeUndefined();
  });

  it('a waiver without a reason (only an expiry, or blank) is WVR-001 and waives nothing', () => {
    for (const name of ['no-reason', 'empty-reason']) {
      const [w, ...more] = on(name, WAIVER_RULE_ID);
      expect(more, name).toEqual([]);
      expect(w?.severity, name).toBe('error');
      expect(w?.message, name).toContain('no reason');
      expect(w?.line, name).toBe(
        lineIn(SEMANTICS, 'waive.his.zarishsphere.com/SCR-02', lineIn(SEMANTICS, `name: ${name}`)),
      );
      expect(on(name, 'SCR-02')[0]?.waived, name).toBeUndefined();
    }
  });

  it('a waiver naming an unknown rule id is WVR-001 and waives nothing', () => {
    const [w] = on('unknown-rule', WAIVER_RULE_ID);
    expect(w?.severity).toBe('error');
    expect(w?.message).toContain('unknown rule "SCR-99"');
    expect(w?.path).toBe('metadata.annotations["waive.his.zarishsphere.com/SCR-99"]');
    expect(on('unknown-rule', 'SCR-02')[0]?.waived).toBeUndefined();
  });

  it('a waiver for one rule does not waive another rule on the same resource', () => {
    expect(on('two-rules', 'SCR-02')[0]?.waived?.reason).toBe(
      'vendor appliance reads its password from this ConfigMap only',
    );
    const other = on('two-rules', 'SCR-06');
    expect(other).toHaveLength(1);
    expect(other[0]?.waived).toBeUndefined();
    expect(on('two-rules', WAIVER_RULE_ID)).toEqual([]);
  });

  it('waived findings are counted apart and never as errors', () => {
    const waived = result.findings.filter((f) => f.waived);
    expect(waived.map((f) => f.resource?.name).sort()).toEqual([
      'expires-today',
      'future-expiry',
      'no-expiry',
      'two-rules',
    ]);
    const unwaivedErrors = result.findings.filter((f) => !f.waived && f.severity === 'error');
    expect(result.summary.waived).toBe(4);
    expect(result.summary.error).toBe(unwaivedErrors.length);
    // 4 unwaived SCR-02 + SCR-06 on two-rules + 4 WVR-001
    expect(unwaivedErrors.map((f) => f.ruleId).sort()).toEqual([
      'SCR-02',
      'SCR-02',
      'SCR-02',
      'SCR-02',
      'SCR-06',
      'WVR-001',
      'WVR-001',
      'WVR-001',
      'WVR-001',
    ]);
  });

  it('a waiver applies on the resource it annotates only', async () => {
    const dir = await tempDir('zarish-waivers-');
    const file = path.join(dir, 'pair.yaml');
    await writeFile(
      file,
      [
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: waived\n  ' +
          'annotations:\n    waive.his.zarishsphere.com/SCR-02: "appliance reads ' +
          'it here"\ndata:\n  db-password: hunter2\n',
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-waived\ndata:\n  db-password: hunter2\n',
      ].join('---\n'),
    );
    const r = await check('pair.yaml', dir);
    const scr = r.findings.filter((f) => f.ruleId === 'SCR-02');
    expect(scr.map((f) => [f.resource?.name, Boolean(f.waived)])).toEqual([
      ['waived', true],
      ['not-waived', false],
    ]);
    expect(r.summary.error).toBe(1);
  });

  it('a malformed or misplaced expiry is WVR-001, not a waiver that never expires', async () => {
    const dir = await tempDir('zarish-waivers-');
    const file = path.join(dir, 'bad-expiry.yaml');
    const cm = (name: string, value: string): string =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}` +
      `\n  annotations:\n    waive.his.zarishsphere.com/SCR-02: "${value}` +
      `"\ndata:\n  db-password: hunter2\n`;
    await writeFile(
      file,
      [
        cm('short-date', 'temporary [expires=2025-1-31]'),
        cm('trailing-text', 'temporary [expires=2025-01-31] see HIS-1'),
      ].join('---\n'),
    );
    const r = await check('bad-expiry.yaml', dir);
    for (const name of ['short-date', 'trailing-text']) {
      expect(r.findings.find((f) => f.resource?.name === name && f.ruleId === 'SCR-02')?.waived, name).toBeUndefined();
      expect(
        r.findings.some((f) => f.resource?.name === name && f.ruleId === WAIVER_RULE_ID),
        name,
      ).toBe(true);
    }
  });
});

describe('waivers through the CLI', () => {
  it('the json report carries waived findings with waived.reason', async () => {
    const { code, stdout, stderr } = await runScript('validate', [ONLY_WAIVED, '--format', 'json']);
    expect(stderr).not.toContain('Error');
    const report = parse(stdout) as {
      findings: {
        ruleId: string;
        severity: string;
        line: number;
        file: string;
        waived?: { reason: string; expires?: string };
      }[];
      summary: { error: number; waived: number };
    };
    const waived = report.findings.filter((f) => f.waived);
    expect(waived).toHaveLength(1);
    expect(waived[0]).toMatchObject({
      ruleId: 'SCR-02',
      severity: 'error',
      file: ONLY_WAIVED,
      line: lineIn(ONLY_WAIVED, 'db-password:'),
      waived: { reason: 'vendor appliance reads its password from this ConfigMap only', expires: '2099-12-31' },
    });
    expect(report.summary).toMatchObject({ error: 0, waived: 1 });
    expect(code).toBe(0);
  });

  it('exits 0 when the only errors are waived, and 1 when the same error is not', async () => {
    const waived = await runScript('validate', [ONLY_WAIVED]);
    expect(waived.code, waived.stdout + waived.stderr).toBe(0);

    const dir = await tempDir('zarish-waivers-');
    const file = path.join(dir, 'unwaived.yaml');
    await writeFile(file, readFileSync(path.join(ROOT, ONLY_WAIVED), 'utf8').replace(/^ {2}annotations:\n.*\n/m, ''));
    expect(readFileSync(file, 'utf8')).not.toContain(WAIVER_PREFIX);
    const unwaived = await runScript('validate', [file, '--format', 'json']);
    expect(unwaived.code).toBe(1);
    expect((parse(unwaived.stdout) as { summary: { error: number; waived: number } }).summary).toMatchObject({
      error: 1,
      waived: 0,
    });
  });
});
