import type { Finding } from '../findings.js';
import { resourceLabel, type ReportInput } from './types.js';

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

/**
 * JUnit XML: a testsuite per unit, a testcase per rule × resource (classname = unit and resource,
 * name = rule id). Error findings are failures, warnings and info are reported in system-out, waived
 * findings are skipped with their reason.
 */
export function junitReport(input: ReportInput): string {
  const byKey = new Map<string, Finding[]>();
  const key = (unit: string, resource: string, rule: string): string => `${unit}\u0000${resource}\u0000${rule}`;
  for (const f of input.findings) {
    const k = key(f.unit, resourceLabel(f.resource), f.ruleId);
    byKey.set(k, [...(byKey.get(k) ?? []), f]);
  }
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  for (const unit of input.units) {
    const cases: string[] = [];
    let failures = 0;
    let skipped = 0;
    // Findings can name resources the unit did not render (Applications an ApplicationSet generates).
    const extra = input.findings
      .filter((f) => f.unit === unit.name && f.resource)
      .map((f) => resourceLabel(f.resource));
    const resources = [...new Set(['(file)', ...unit.resources.map((r) => resourceLabel(r)), ...extra])];
    for (const resource of resources) {
      for (const rule of input.rules) {
        const found = byKey.get(key(unit.name, resource, rule.id)) ?? [];
        if (resource === '(file)' && found.length === 0) continue;
        const attrs = `classname="${xml(`${unit.name}.${resource}`)}" name="${xml(`${rule.id} ${rule.name}`)}"`;
        const errors = found.filter((f) => f.severity === 'error' && !f.waived);
        const waived = found.filter((f) => f.waived);
        const other = found.filter((f) => f.severity !== 'error' && !f.waived);
        let body = '';
        if (errors.length > 0) {
          failures++;
          body +=
            `<failure message="${xml(errors[0]?.message ?? '')}" type="` +
            `${xml(rule.id)}">` +
            `${xml(errors.map((f) => `${f.file}:${f.line} ${f.path} ${f.message}`).join('\n'))}` +
            `</failure>`;
        } else if (waived.length > 0 && other.length === 0) {
          skipped++;
          body += `<skipped message="${xml(`waived: ${waived[0]?.waived?.reason ?? ''}`)}"/>`;
        }
        if (other.length > 0)
          body +=
            `<system-out>` +
            `${xml(other.map((f) => `${f.severity}: ${f.file}:${f.line} ${f.path} ${f.message}`).join('\n'))}` +
            `</system-out>`;
        cases.push(body ? `    <testcase ${attrs}>${body}</testcase>` : `    <testcase ${attrs}/>`);
      }
    }
    totalTests += cases.length;
    totalFailures += failures;
    suites.push(
      `  <testsuite name="${xml(unit.name)}" tests="${cases.length}` +
        `" failures="${failures}" errors="0" skipped="${skipped}">\n` +
        `${cases.join('\n')}${cases.length ? '\n' : ''}  </testsuite>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="zarish-his ` +
    `validate" tests="${totalTests}" failures="${totalFailures}` +
    `" errors="0">\n${suites.join('\n')}${suites.length ? '\n' : ''}` +
    `</testsuites>\n`
  );
}
