import { createHash } from 'node:crypto';
import type { Severity } from '../findings.js';
import type { ReportInput } from './types.js';

/** GitLab Code Quality severities (info, minor, major, critical, blocker). */
const SEVERITY: Record<Severity, 'info' | 'minor' | 'major'> = { error: 'major', warning: 'minor', info: 'info' };

/**
 * GitLab Code Quality report (artifacts:reports:codequality): a JSON array of issues with
 * description, check_name, fingerprint, severity and location.path/lines.begin, which GitLab shows
 * inline in the merge request diff. Waived findings are left out (they do not need attention).
 */
export function codeQualityReport(input: ReportInput): string {
  const issues = input.findings
    .filter((f) => !f.waived)
    .map((f) => ({
      type: 'issue',
      check_name: f.ruleId,
      description: `${f.ruleId} ${f.message}${f.path ? ` (at ${f.path})` : ''} [${f.unit}]`,
      categories: ['Bug Risk'],
      severity: SEVERITY[f.severity],
      fingerprint: createHash('sha256')
        .update(
          `${f.ruleId}\u0000${f.unit}\u0000${f.resource?.kind ?? ''}/` +
            `${f.resource?.namespace ?? ''}/${f.resource?.name ?? ''}\u0000` +
            `${f.path}\u0000${f.message}`,
        )
        .digest('hex'),
      location: { path: f.file, lines: { begin: Math.max(1, f.line) } },
    }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
