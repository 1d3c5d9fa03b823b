/** GitLab Code Quality and SARIF rule help: what the code-review tools show next to the diff. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { codeQualityReport } from '../scripts/lib/report/codequality.js';
import { ruleDocUrl } from '../scripts/lib/rules/docs.js';
import { sarifReport } from '../scripts/lib/report/sarif.js';
import { validate } from '../scripts/lib/validate/run.js';
import { ROOT } from './helpers.js';

const FILE = 'tests/fixtures/rules/SEC-H-04-image-policy/fail.yaml';

describe('codequality and sarif help', async () => {
  const result = await validate({ root: ROOT, cwd: ROOT, paths: [FILE], now: new Date('2026-11-23T00:00:00Z') });
  const input = {
    findings: result.findings,
    summary: result.summary,
    rules: result.rules,
    units: result.units.map((u) => ({ name: u.name, resources: u.resources.map((r) => r.ref) })),
  };

  it(
    'codequality: one issue per unwaived finding, with GitLab fields, ' + 'unique fingerprints and the finding line',
    () => {
      const issues = JSON.parse(codeQualityReport(input)) as {
        check_name: string;
        description: string;
        fingerprint: string;
        severity: string;
        location: { path: string; lines: { begin: number } };
      }[];
      const unwaived = result.findings.filter((f) => !f.waived);
      expect(issues).toHaveLength(unwaived.length);
      expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
      for (const [i, f] of unwaived.entries()) {
        expect(issues[i]).toMatchObject({
          check_name: f.ruleId,
          location: { path: FILE, lines: { begin: f.line } },
          severity: f.severity === 'error' ? 'major' : f.severity === 'warning' ? 'minor' : 'info',
        });
        expect(issues[i]?.description).toContain(f.message);
      }
      expect(issues.some((i) => i.check_name === 'SEC-H-04' && i.severity === 'major')).toBe(true);
    },
  );

  it('sarif: every rule has help text and a docs link', () => {
    const log = JSON.parse(sarifReport(input)) as {
      runs: {
        tool: { driver: { rules: { id: string; helpUri: string; help: { text: string; markdown: string } }[] } };
      }[];
    };
    const rules = log.runs[0]?.tool.driver.rules ?? [];
    expect(rules.length).toBe(result.rules.length);
    for (const r of rules) {
      expect(r.helpUri).toBe(ruleDocUrl(r.id));
      expect(r.helpUri).toMatch(new RegExp(`/docs/rules\\.md#${r.id.toLowerCase()}$`));
      expect(r.help.text).toContain(r.id);
      expect(r.help.text).toContain('Fix: ');
      expect(r.help.markdown).toContain(`waive.his.zarishsphere.com/${r.id}`);
    }
  });

  it('.gitlab-ci.yml publishes the Code Quality report', () => {
    const ci = parse(readFileSync(path.join(ROOT, '.gitlab-ci.yml'), 'utf8')) as {
      validate: { script: string[]; artifacts: { reports: Record<string, string> } };
    };
    expect(ci.validate.artifacts.reports.codequality).toBe('gl-code-quality.json');
    expect(ci.validate.script.join('\n')).toContain('--format codequality --output gl-code-quality.json');
  });
});
