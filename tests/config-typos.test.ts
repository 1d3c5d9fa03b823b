/**
 * Configuration typos are errors that name the file, the line and the nearest valid value:
 * policy.yaml rule ids and environments, waivers naming a mistyped rule or WVR-001.
 * (--schema-location placeholders: tests/schema-location.test.ts.)
 */
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ToolError } from '../scripts/lib/errors.js';
import { loadEnvironments } from '../scripts/lib/clusters.js';
import { checkPolicyNames, policyEnvironments } from '../scripts/lib/policy.js';
import { RULES } from '../scripts/lib/validate/registry.js';
import { validate } from '../scripts/lib/validate/run.js';
import { ROOT, runScript, tempDir } from './helpers.js';

const KNOWN = { rules: RULES.map((r) => r.id), environments: policyEnvironments(await loadEnvironments(ROOT)) };

function policyError(text: string): string {
  try {
    checkPolicyNames(text, 'policy.yaml', KNOWN);
  } catch (error) {
    expect(error).toBeInstanceOf(ToolError);
    return (error as Error).message;
  }
  return '';
}

describe('policy.yaml names', () => {
  it('accepts the repo policy and every real rule id and environment', () => {
    expect(
      policyError(
        'immutableImageEnvironments: [prod, dr]\nseverity:\n  SEC-H-04:\n    dev: warning\n    default: error\n',
      ),
    ).toBe('');
  });

  it('an unknown rule id: file, line, nearest rule', () => {
    expect(policyError('allowedRegistries: [x/]\nseverity:\n  SEC-H-4:\n    dev: warning\n')).toBe(
      'policy.yaml:3: unknown rule id "SEC-H-4" (did you mean "SEC-H-04"? ' +
        'expected a rule id that npm run validate -- --list-rules prints)',
    );
  });

  it('an unknown environment under a rule or in immutableImageEnvironments: file, line, nearest environment', () => {
    const error = policyError('severity:\n  SEC-H-04:\n    dev: warning\n    prd: info\n');
    expect(error).toMatch(/^policy\.yaml:4: unknown environment in severity\.SEC-H-04 "prd" /);
    expect(error).toContain('(did you mean "prod"? expected one of dev, staging, prod, dr');
    expect(policyError('immutableImageEnvironments:\n  - prod\n  - stagng\n')).toMatch(
      /^policy\.yaml:3: unknown environment "stagng" \(did you mean "staging"\?/,
    );
  });

  it('npm run validate stops with exit 2 and that one line', async () => {
    const root = await tempDir('zarish-policy-typo-');
    await writeFile(
      path.join(root, 'policy.yaml'),
      'severity:\n  # moving tags in dev\n  SEC-H-4:\n    dev: warning\n',
    );
    await cp(path.join(ROOT, 'tests/fixtures/rules/SEC-H-04-image-policy/pass.yaml'), path.join(root, 'app.yaml'));
    const r = await runScript('validate', ['--root', root, 'app.yaml'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'validate: policy.yaml:3: unknown rule id "SEC-H-4" (did you mean ' +
        '"SEC-H-04"? expected a rule id that npm run validate -- --list-rules ' +
        'prints)',
    );
  }, 120_000);
});

describe('waiver names', () => {
  it('a mistyped rule names the nearest rule; WVR-001 cannot be waived; both at the annotation line', async () => {
    const dir = await tempDir('zarish-waiver-typo-');
    await writeFile(
      path.join(dir, 'cm.yaml'),
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: settings',
        '  annotations:',
        '    waive.his.zarishsphere.com/SCR-2: "the key is a public URL"',
        '    waive.his.zarishsphere.com/WVR-001: "silence the waiver check"',
        'data:',
        '  mode: fast',
        '',
      ].join('\n'),
    );
    const { findings } = await validate({
      root: ROOT,
      paths: ['cm.yaml'],
      cwd: dir,
      now: new Date('2026-11-23T00:00:00Z'),
    });
    const wvr = findings
      .filter((f) => f.ruleId === 'WVR-001')
      .map((f) => ({ line: f.line, severity: f.severity, message: f.message }));
    expect(wvr).toEqual([
      { line: 6, severity: 'error', message: expect.stringContaining('unknown rule "SCR-2" (did you mean "SCR-02"?') },
      { line: 7, severity: 'error', message: expect.stringContaining('names WVR-001, which cannot be waived') },
    ]);
  });
});
