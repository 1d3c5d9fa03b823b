import { collapseFindings } from './collapse.js';
import type { ReportInput } from './types.js';

/**
 * One JSON document: {"findings": [...], "rootCauses": [...], "summary": {...}}. `findings` has every
 * finding (one per resource and unit, as the rules report them; `summary` counts these);
 * `rootCauses` groups those with one root cause (same rule, file:line and message but for the
 * resource and unit), each with the indexes of its findings and the resources it affects.
 */
export function jsonReport(input: ReportInput): string {
  const findings = input.findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.file,
    line: f.line,
    path: f.path,
    resource: f.resource ?? null,
    unit: f.unit,
    ...(f.waived ? { waived: f.waived } : {}),
  }));
  const index = new Map(input.findings.map((f, i) => [f, i]));
  const rootCauses = collapseFindings(input.findings).map((c) => ({
    ruleId: c.finding.ruleId,
    severity: c.finding.severity,
    message: c.finding.message,
    file: c.finding.file,
    line: c.finding.line,
    path: c.finding.path,
    ...(c.finding.waived ? { waived: c.finding.waived } : {}),
    findings: c.findings.map((f) => index.get(f) as number),
    affected: c.affected.map((a) => ({ unit: a.unit, resource: a.resource ?? null })),
  }));
  return `${JSON.stringify({ findings, rootCauses, summary: input.summary }, null, 2)}\n`;
}
