import type { Finding, Severity } from '../findings.js';
import {
  affectedText,
  causeMessage,
  collapsedCounts,
  collapseFindings,
  rootCauseKey,
  type RootCause,
} from './collapse.js';
import type { ReportInput } from './types.js';

const codes = {
  red: [31, 39],
  yellow: [33, 39],
  blue: [34, 39],
  gray: [90, 39],
  bold: [1, 22],
  green: [32, 39],
} as const;
type Colour = keyof typeof codes;

/** What the pretty report shows besides errors and warnings (--show). */
export type ShowKind = 'waived' | 'info';
export const SHOW_KINDS: readonly ShowKind[] = ['waived', 'info'];

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const rank = (f: Finding): number => (f.waived ? 3 : RANK[f.severity]);

function painter(color: boolean | undefined): (c: Colour, s: string) => string {
  return (c, s) => (color ? `\u001b[${codes[c][0]}m${s}\u001b[${codes[c][1]}m` : s);
}

function severityLabel(f: Finding, paint: (c: Colour, s: string) => string): string {
  return f.waived
    ? paint('gray', 'waived ')
    : f.severity === 'error'
      ? paint('red', 'error  ')
      : f.severity === 'warning'
        ? paint('yellow', 'warning')
        : paint('blue', 'info   ');
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The final report: one block per source location (file:line) naming the units it affects, blocks
 * with errors first; in each, its root causes (findings collapsed across resources and units, see
 * collapse.ts) with the resources they affect. Waived and info findings are counted in one line
 * unless `show` names them. A count summary last: root causes, with the resources they affect.
 */
export function prettyReport(input: ReportInput): string {
  const paint = painter(input.color);
  const show = new Set(input.show ?? []);
  const causes = collapseFindings(input.findings);
  const shown = causes.filter((c) =>
    c.finding.waived ? show.has('waived') : c.finding.severity !== 'info' || show.has('info'),
  );
  const blocks = new Map<string, RootCause[]>();
  for (const c of shown) {
    const at = `${c.finding.file}:${c.finding.line}`;
    blocks.set(at, [...(blocks.get(at) ?? []), c]);
  }
  const ordered = [...blocks].sort(
    ([a, x], [b, y]) =>
      Math.min(...x.map((c) => rank(c.finding))) - Math.min(...y.map((c) => rank(c.finding))) ||
      (x[0]?.finding.file ?? '').localeCompare(y[0]?.finding.file ?? '') ||
      (x[0]?.finding.line ?? 0) - (y[0]?.finding.line ?? 0) ||
      a.localeCompare(b),
  );
  const lines: string[] = [];
  for (const [at, group] of ordered) {
    const units = [...new Set(group.flatMap((c) => c.units))];
    lines.push(`${paint('bold', at)} ${paint('gray', `· ${units.join(', ')}`)}`);
    group.sort((a, b) => rank(a.finding) - rank(b.finding) || a.finding.ruleId.localeCompare(b.finding.ruleId));
    for (const c of group) {
      const f = c.finding;
      lines.push(`  ${severityLabel(f, paint)} ${paint('bold', f.ruleId)} ${causeMessage(c)}`);
      const count = c.affected.length > 1 ? `affects ${plural(c.affected.length, 'resource')}: ` : '';
      const where = f.path ? `at ${f.path} · ` : '';
      const waiver = f.waived
        ? paint('gray', ` (waived: ${f.waived.reason}${f.waived.expires ? `, until ${f.waived.expires}` : ''})`)
        : '';
      lines.push(`          ${paint('gray', `${where}${count}${affectedText(c)}`)}${waiver}`);
    }
    lines.push('');
  }
  const counts = collapsedCounts(causes);
  const hidden: string[] = [];
  if (!show.has('info') && counts.causes.info > 0) hidden.push(`${counts.causes.info} info`);
  if (!show.has('waived') && counts.waivedCauses > 0) hidden.push(`${counts.waivedCauses} waived`);
  if (hidden.length > 0)
    lines.push(paint('gray', `not shown: ${hidden.join(', ')} (--show ${SHOW_KINDS.join(',')}, or --show all)`));
  const s = input.summary;
  const affects = (sev: Severity): string =>
    counts.resources[sev] > counts.causes[sev]
      ? ` (affect${counts.causes[sev] === 1 ? 's' : ''} ` + `${plural(counts.resources[sev], 'resource')})`
      : '';
  const verdict = counts.causes.error > 0 ? paint('red', 'FAILED') : paint('green', 'OK');
  lines.push(
    `${verdict}: ${plural(counts.causes.error, 'error')}${affects('error')}, ` +
      `${plural(counts.causes.warning, 'warning')}${affects('warning')}, ${counts.causes.info} info, ` +
      `${counts.waivedCauses} waived — ${s.resources} resources in ${plural(s.units, 'unit')}`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * While a run works, the errors and warnings of one target as soon as it is checked, one line
 * each, leaving out root causes an earlier target already printed (`seen` carries them across
 * calls). The grouped report follows at the end.
 */
export function streamedLines(findings: readonly Finding[], seen: Set<string>, color?: boolean): string {
  const paint = painter(color);
  const lines: string[] = [];
  for (const f of [...findings].sort((a, b) => rank(a) - rank(b))) {
    if (f.waived || f.severity === 'info') continue;
    const key = rootCauseKey(f);
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(
      `  ${severityLabel(f, paint)} ${paint('bold', f.ruleId)} ${paint('gray', `${f.file}:${f.line}`)} ${f.message}`,
    );
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
