import type { Finding } from '../../findings.js';
import { changedApplications, plural, sideLabel, splitFindings, type DiffReport } from './model.js';
import { fieldLines, resourceTitle } from './text.js';
import { validationSummary } from '../validation.js';
import { causeMessage, collapseFindings } from '../../report/collapse.js';

const codes = {
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  gray: [90, 39],
  bold: [1, 22],
  cyan: [36, 39],
} as const;
type Colour = keyof typeof codes;

/** For a terminal: deletions first, then the other findings, then each changed Application. */
export function prettyDiffReport(report: DiffReport, color = false): string {
  const paint = (c: Colour, s: string): string => (color ? `\u001b[${codes[c][0]}m${s}\u001b[${codes[c][1]}m` : s);
  const { diff, summary } = report;
  const { deletions, others } = splitFindings(report.findings);
  const lines: string[] = [paint('bold', `Manifest diff: ${sideLabel(diff.base)} → ${sideLabel(diff.head)}`), ''];
  const finding = (f: Finding): void => {
    const sev = f.waived
      ? paint('gray', 'acknowledged')
      : f.severity === 'error'
        ? paint('red', 'error')
        : f.severity === 'warning'
          ? paint('yellow', 'warning')
          : 'info';
    lines.push(`  ${sev} ${paint('bold', f.ruleId)} [${f.unit}] ${f.message}`);
    lines.push(`      ${paint('gray', `${f.file}:${f.line}${f.path ? ` ${f.path}` : ''}`)}`);
  };
  if (deletions.length > 0) {
    lines.push(paint('bold', 'Deletions'));
    deletions.forEach(finding);
    lines.push('');
  }
  if (others.length > 0) {
    lines.push(paint('bold', 'Findings'));
    others.forEach(finding);
    lines.push('');
  }
  for (const app of changedApplications(diff)) {
    const status =
      app.status === 'changed'
        ? `${app.added.length} added, ${app.removed.length} removed, ${app.changed.length} changed`
        : `Application ${app.status}`;
    lines.push(
      `${paint('bold', app.name)} (${app.environment} on ${app.cluster}): ` +
        `${status}${app.application.length > 0 ? ', Application changed' : ''}`,
    );
    if (app.application.length > 0) {
      lines.push(`  ${paint('yellow', '~')} Application ${app.name}`);
      for (const f of app.application)
        for (const l of fieldLines(f)) lines.push(`      ${paint(l.startsWith('-') ? 'red' : 'green', l)}`);
    }
    for (const c of app.added) lines.push(`  ${paint('green', '+')} ${resourceTitle(c)}`);
    for (const c of app.removed) lines.push(`  ${paint('red', '-')} ${resourceTitle(c)}`);
    for (const c of app.changed) {
      lines.push(`  ${paint('yellow', '~')} ${resourceTitle(c)}`);
      for (const f of c.fields) {
        for (const l of fieldLines(f)) lines.push(`      ${paint(l.startsWith('-') ? 'red' : 'green', l)}`);
      }
    }
    lines.push('');
  }
  if (changedApplications(diff).length === 0) lines.push('No rendered resource or Application changes.', '');
  if (report.validation) {
    lines.push(paint('bold', 'Validation'), `  ${validationSummary(report.validation)}`);
    for (const c of collapseFindings(report.validation.newBlocking))
      finding({
        ...c.finding,
        message: `${causeMessage(c)}${c.affected.length > 1 ? ` (affects ${c.affected.length} resources)` : ''}`,
      });
    lines.push('');
  }
  const verdict = summary.blocking > 0 ? paint('red', 'BLOCKED') : paint('green', 'OK');
  lines.push(
    `${verdict}: ${plural(summary.blocking, 'blocking finding')}, ` +
      `${plural(summary.warnings, 'warning')}, ${summary.acknowledged}` +
      ` acknowledged — ` +
      (`Applications ${summary.applications.added} added, ` +
        `${summary.applications.removed} removed, ` +
        `${summary.applications.changed} changed; `) +
      (`resources ${summary.resources.added} added, ` +
        `${summary.resources.removed} removed, ${summary.resources.changed}` +
        ` changed`),
  );
  return `${lines.join('\n')}\n`;
}
