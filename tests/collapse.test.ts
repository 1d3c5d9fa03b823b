/**
 * Findings that share one root cause (same rule, same source file:line, same message but for the
 * resource and unit) are one entry of the reports, listing what they affect, with honest counts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../scripts/lib/findings.js';
import { causeMessage, collapseFindings } from '../scripts/lib/report/collapse.js';
import { junitReport } from '../scripts/lib/report/junit.js';
import { prettyReport } from '../scripts/lib/report/pretty.js';
import type { ReportInput } from '../scripts/lib/report/types.js';
import { Progress } from '../scripts/lib/progress.js';
import { RULES } from '../scripts/lib/validate/registry.js';
import type { Unit } from '../scripts/lib/validate/types.js';
import { editFile, repoCopy, runScript } from './helpers.js';

const finding = (unit: string, name: string, extra: Partial<Finding> = {}): Finding => ({
  ruleId: 'SEC-H-01',
  severity: 'warning',
  message: `container "main" of Deployment ${name} in ${unit} sets no readOnlyRootFilesystem`,
  file: 'base/app/deployment.yaml',
  line: 20,
  path: 'spec.template.spec.containers[0]',
  unit,
  resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: `ns-${unit}`, name },
  ...extra,
});

describe('collapsing findings with one root cause (unit)', () => {
  const findings = [
    finding('dev', 'app'),
    finding('prod', 'app'),
    finding('prod', 'worker'),
    finding('prod', 'app', { line: 21 }),
    finding('prod', 'app', { ruleId: 'SEC-H-03' }),
    finding('dev', 'app', { severity: 'error', message: 'something else entirely' }),
  ];

  it('same rule, severity, file:line and message modulo resource and unit: one root cause', () => {
    const causes = collapseFindings(findings);
    expect(causes.map((c) => [c.finding.ruleId, c.finding.line, c.findings.length, c.affected.length])).toEqual([
      ['SEC-H-01', 20, 3, 3],
      ['SEC-H-01', 21, 1, 1],
      ['SEC-H-03', 20, 1, 1],
      ['SEC-H-01', 20, 1, 1],
    ]);
    expect(causes[0]?.units).toEqual(['dev', 'prod']);
    expect(causeMessage(causes[0] as (typeof causes)[number])).toBe(
      'container "main" of <resource> in <unit> sets no readOnlyRootFilesystem',
    );
  });

  const input: ReportInput = {
    findings,
    summary: { error: 1, warning: 5, info: 0, waived: 0, resources: 3, units: 2 },
    rules: RULES.filter((r) => ['SEC-H-01', 'SEC-H-03', 'SEC-H-04'].includes(r.id)),
    units: [],
  };

  it('pretty lists it once with what it affects, and counts root causes', () => {
    const text = prettyReport(input);
    expect(text.match(/SEC-H-01 container/g)).toHaveLength(2);
    expect(text).toContain('affects 3 resources: Deployment app (dev, prod), Deployment worker (prod)');
    expect(text.trim().split('\n').at(-1)).toBe(
      'FAILED: 1 error, 3 warnings (affect 5 resources), 0 info, 0 waived — 3 resources in 2 units',
    );
    // the error's block comes first
    expect(text.split('\n')[0]).toBe('base/app/deployment.yaml:20 · dev, prod');
    expect(text.split('\n')[1]).toMatch(/^ {2}error +SEC-H-01 something else entirely$/);
  });

  it('JUnit: one testcase per rule, the root causes in the body', () => {
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(junitReport(input));
    const cases = [parsed.testsuites.testsuite.testcase].flat() as {
      name: string;
      failure?: { message: string };
      'system-out'?: unknown;
    }[];
    expect(cases.map((c) => String(c.name).split(' ')[0])).toEqual(['SEC-H-01', 'SEC-H-03', 'SEC-H-04']);
    expect(cases).toHaveLength(3);
    const h01 = cases.find((c) => String(c.name).startsWith('SEC-H-01 '));
    expect(h01?.failure?.message).toBe('1 error: something else entirely');
    expect(String(h01?.['system-out'])).toContain('affects 3 resources');
    expect(cases.find((c) => String(c.name).startsWith('SEC-H-04 '))).not.toHaveProperty('failure');
  });
});

describe('while a run works (--progress)', () => {
  it("prints each target's errors and warnings once per root cause; the grouped report comes after", () => {
    let out = '';
    const progress = new Progress({
      progress: false,
      stream: true,
      color: false,
      out: {
        write: (t: string) => {
          out += t;
          return true;
        },
      } as unknown as NodeJS.WritableStream,
    });
    const unit = (name: string) => ({ name, resources: [] }) as unknown as Unit;
    progress.onUnit(unit('dev'), [finding('dev', 'app'), finding('dev', 'app', { severity: 'info' })], 1, 2);
    progress.onUnit(unit('prod'), [finding('prod', 'app'), finding('prod', 'app', { line: 30 })], 2, 2);
    expect(out.split('\n')).toEqual([
      '  warning SEC-H-01 base/app/deployment.yaml:20 container "main" of Deployment app in dev sets no ' +
        'readOnlyRootFilesystem',
      '  warning SEC-H-01 base/app/deployment.yaml:30 container "main" of Deployment app in prod sets no ' +
        'readOnlyRootFilesystem',
      '',
    ]);
  });
});

describe('a project that denies an Application its destination', () => {
  it('is one error at the project, affecting every resource it keeps from syncing', { timeout: 600_000 }, async () => {
    const root = await repoCopy();
    const file = 'argocd/base/projects/environments.yaml';
    await editFile(
      root,
      file,
      /(name: zarish-his-staging\n[\s\S]*?namespace: )zarish-his-staging\n/,
      '$1zarish-his-stage\n',
    );
    const lines = (await readFile(path.join(root, file), 'utf8')).split('\n');
    const [json, pretty] = await Promise.all([
      runScript('validate', ['--root', root, '--only', 'argocd', '--format', 'json'], { cwd: root }),
      runScript('validate', ['--root', root, '--only', 'argocd'], { cwd: root }),
    ]);
    expect(json.code, json.stderr).toBe(1);
    const report = JSON.parse(json.stdout);
    const argo = report.findings.filter((f: Finding) => f.ruleId === 'ARGO-002');
    // a finding per resource in the machine format, each naming its resource
    expect(argo.length).toBeGreaterThan(50);
    expect(new Set(argo.map((f: Finding) => `${f.resource?.kind}/${f.resource?.name}`)).size).toBe(argo.length);
    const causes = report.rootCauses.filter((c: { ruleId: string }) => c.ruleId === 'ARGO-002');
    expect(causes).toHaveLength(1);
    const project = lines.indexOf('  name: zarish-his-staging');
    const line = project + lines.slice(project).findIndex((l) => l.includes('destinations:')) + 1;
    expect([causes[0].file, causes[0].line, causes[0].affected.length]).toEqual([file, line, argo.length]);
    expect(pretty.code).toBe(1);
    expect(pretty.stdout.match(/ARGO-002/g)).toHaveLength(1);
    expect(pretty.stdout).toContain(`affects ${argo.length} resources: `);
    expect(pretty.stdout.trim().split('\n').at(-1)).toMatch(
      new RegExp(`^FAILED: 1 error \\(affects ${argo.length} resources\\), `),
    );
  });
});
