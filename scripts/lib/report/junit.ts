import type { Finding } from '../findings.js';
import { affectedText, causeMessage, collapseFindings, type RootCause } from './collapse.js';
import type { ReportInput, RuleInfo } from './types.js';

function xml(s: string): string {
  // Characters XML 1.0 does not allow are dropped; the five specials are escaped.
  return s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "file:line path: message" and the resources it affects, for a failure or system-out body. */
function causeText(c: RootCause, prefix = ''): string {
  const f = c.finding;
  const waiver = f.waived
    ? ` (waived: ${f.waived.reason}${f.waived.expires ? `, until ${f.waived.expires}` : ''})`
    : '';
  return (
    `${prefix}${f.file}:${f.line}${f.path ? ` ${f.path}` : ''}: ${causeMessage(c)}${waiver}\n` +
    `  ${c.affected.length > 1 ? `affects ${plural(c.affected.length, 'resource')}: ` : ''}${affectedText(c, 50)}`
  );
}

/**
 * JUnit XML: a testsuite per rule group, one testcase per rule (classname validate.<group>, name
 * "<id> <name>"). A rule with error findings fails, its failure body listing every root cause
 * (findings collapsed across resources and units) with its location and the resources it affects;
 * a rule without findings is one passing case. Warnings, info and waived findings are listed in
 * system-out; a rule whose findings are all waived is skipped, with the waivers' reasons.
 */
export function junitReport(input: ReportInput): string {
  const byRule = new Map<string, Finding[]>();
  for (const f of input.findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  // a finding of a rule the caller did not list still gets its case
  const rules: RuleInfo[] = [...input.rules];
  for (const id of byRule.keys())
    if (!rules.some((r) => r.id === id)) rules.push({ id, name: id, severity: 'error', description: '' });
  const groups = new Map<string, RuleInfo[]>();
  for (const r of rules) groups.set(r.group ?? 'validate', [...(groups.get(r.group ?? 'validate') ?? []), r]);
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  let totalSkipped = 0;
  for (const [group, members] of groups) {
    const cases: string[] = [];
    let failures = 0;
    let skipped = 0;
    for (const rule of members) {
      const causes = collapseFindings(byRule.get(rule.id) ?? []);
      const errors = causes.filter((c) => c.finding.severity === 'error' && !c.finding.waived);
      const waived = causes.filter((c) => c.finding.waived);
      const other = causes.filter((c) => c.finding.severity !== 'error' && !c.finding.waived);
      const attrs = `classname="${xml(`validate.${group}`)}" name="${xml(`${rule.id} ${rule.name}`)}"`;
      let body = '';
      if (errors.length > 0) {
        failures++;
        const findings = errors.reduce((n, c) => n + c.findings.length, 0);
        const resources = errors.reduce((n, c) => n + c.affected.length, 0);
        const message =
          plural(errors.length, 'error') +
          `${resources > errors.length ? ` (affects ${plural(resources, 'resource')})` : ''}` +
          `${findings > errors.length ? `, ${findings} findings` : ''}: ${errors[0] ? causeMessage(errors[0]) : ''}`;
        body +=
          `<failure message="${xml(message)}" type="${xml(rule.id)}">` +
          `${xml(errors.map((c) => causeText(c)).join('\n'))}</failure>`;
      } else if (waived.length > 0 && other.length === 0) {
        skipped++;
        const reasons = [...new Set(waived.map((c) => c.finding.waived?.reason ?? ''))].join('; ');
        body += `<skipped message="${xml(`${plural(waived.length, 'finding')} waived: ${reasons}`)}"/>`;
      }
      const out = [
        ...other.map((c) => causeText(c, `${c.finding.severity}: `)),
        ...waived.map((c) => causeText(c, 'waived: ')),
      ];
      if (out.length > 0) body += `<system-out>${xml(out.join('\n'))}</system-out>`;
      cases.push(body ? `    <testcase ${attrs}>${body}</testcase>` : `    <testcase ${attrs}/>`);
    }
    totalTests += cases.length;
    totalFailures += failures;
    totalSkipped += skipped;
    suites.push(
      `  <testsuite name="${xml(group)}" tests="${cases.length}" failures="${failures}" errors="0" ` +
        `skipped="${skipped}">\n${cases.join('\n')}${cases.length ? '\n' : ''}  </testsuite>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="zarish-his validate" tests="${totalTests}" ` +
    `failures="${totalFailures}" errors="0" skipped="${totalSkipped}">\n` +
    `${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`
  );
}
