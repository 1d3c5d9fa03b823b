import type { ReportInput } from './types.js';

/** One JSON document: {"findings": [...], "summary": {...}}. */
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
  return `${JSON.stringify({ findings, summary: input.summary }, null, 2)}\n`;
}
