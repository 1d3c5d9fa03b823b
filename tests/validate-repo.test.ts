/**
 * The repo's own acceptance: every deploy target passes every check, or carries a waiver with a
 * written reason; nothing is silently skipped. Runs the real CLI, as CI does.
 */
import { describe, expect, it } from 'vitest';
import { runScript } from './helpers.js';

interface Report {
  findings: {
    ruleId: string;
    severity: string;
    message: string;
    file: string;
    line: number;
    unit: string;
    waived?: { reason: string };
  }[];
  summary: { error: number; warning: number; info: number; waived: number; resources: number; units: number };
}

describe('npm run validate on this repo', () => {
  it('exits 0 with no error or warning in any environment, every group on; waivers all have reasons', async () => {
    const run = await runScript('validate', ['--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const open = report.findings.filter((f) => !f.waived && f.severity !== 'info');
    expect(open.map((f) => `${f.unit} ${f.ruleId} ${f.file}:${f.line} ${f.message}`)).toEqual([]);
    expect(report.summary.units).toBe(8); // two app-of-apps targets: an Argo CD per site
    expect(report.summary.resources).toBeGreaterThan(300);
    for (const f of report.findings.filter((x) => x.waived))
      expect(f.waived?.reason.length, `${f.ruleId} ${f.file}`).toBeGreaterThan(20);
    // Only the capacity headroom notes are informational.
    expect([
      ...new Set(report.findings.filter((f) => f.severity === 'info' && !f.waived).map((f) => f.ruleId)),
    ]).toEqual(['CAP-02']);
    // The expected waivers: the log collector's host access, and the weekly-rebuilt PostgreSQL tag.
    expect([...new Set(report.findings.filter((f) => f.waived).map((f) => `${f.ruleId} ${f.file}`))].sort()).toEqual([
      'SEC-B-04 base/fluentd/daemonset.yaml',
      'SEC-H-04 base/backup/cronjob.yaml',
      'SEC-H-04 base/postgres/cluster.yaml',
      'SEC-R-01 base/fluentd/daemonset.yaml',
      'SEC-R-03 base/fluentd/daemonset.yaml',
      'SEC-R-04 base/fluentd/daemonset.yaml',
    ]);
  });

  it('--kube-version answers "what breaks if we upgrade?" in one command', async () => {
    const run = await runScript('validate', ['--format', 'json', '--only', 'schema', '--kube-version', '1.32']);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as Report).summary.error).toBe(0);
  });
});
