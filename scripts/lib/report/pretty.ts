import type { Finding } from '../findings.js';
import { resourceLabel, type ReportInput } from './types.js';

const codes = {
  red: [31, 39],
  yellow: [33, 39],
  blue: [34, 39],
  gray: [90, 39],
  bold: [1, 22],
  green: [32, 39],
} as const;
type Colour = keyof typeof codes;

/** Grouped by unit, then resource; a count summary last. */
export function prettyReport(input: ReportInput): string {
  const paint = (c: Colour, s: string): string =>
    input.color ? `\u001b[${codes[c][0]}m${s}\u001b[${codes[c][1]}m` : s;
  const sev = (f: Finding): string =>
    f.waived
      ? paint('gray', 'waived ')
      : f.severity === 'error'
        ? paint('red', 'error  ')
        : f.severity === 'warning'
          ? paint('yellow', 'warning')
          : paint('blue', 'info   ');
  const lines: string[] = [];
  const byUnit = new Map<string, Finding[]>();
  for (const f of input.findings) byUnit.set(f.unit, [...(byUnit.get(f.unit) ?? []), f]);
  for (const [unit, findings] of byUnit) {
    lines.push(paint('bold', unit));
    const byResource = new Map<string, Finding[]>();
    for (const f of findings)
      byResource.set(resourceLabel(f.resource), [...(byResource.get(resourceLabel(f.resource)) ?? []), f]);
    for (const [resource, group] of byResource) {
      lines.push(`  ${resource}`);
      for (const f of group) {
        const where = `${f.file}:${f.line}${f.path ? ` ${f.path}` : ''}`;
        lines.push(`    ${sev(f)} ${paint('bold', f.ruleId)} ${f.message}`);
        const until = f.waived?.expires ? `, until ${f.waived.expires}` : '';
        const waived = f.waived ? paint('gray', ` (waived: ${f.waived.reason}${until})`) : '';
        lines.push(`            ${paint('gray', where)}${waived}`);
      }
    }
    lines.push('');
  }
  const s = input.summary;
  const verdict = s.error > 0 ? paint('red', 'FAILED') : paint('green', 'OK');
  lines.push(
    `${verdict}: ${s.error} error${s.error === 1 ? '' : 's'}, ${s.warning}` +
      ` warning${s.warning === 1 ? '' : 's'}, ${s.info} info, ${s.waived}` +
      ` waived — ${s.resources} resources in ${s.units} unit` +
      `${s.units === 1 ? '' : 's'}`,
  );
  return `${lines.join('\n')}\n`;
}
