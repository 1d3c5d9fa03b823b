/**
 * The report formats of `npm run validate` (pretty, json, junit, sarif, github) and its exit codes,
 * through the real CLI on broken and clean fixtures, plus unit tests of the escaping rules.
 * Issue acceptance: "The JUnit output validates as JUnit XML; the SARIF output has version 2.1.0,
 * rules, and a region.startLine >= 1 on every result."
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Summary } from '../scripts/lib/findings.js';
import { githubReport } from '../scripts/lib/report/github.js';
import { junitReport } from '../scripts/lib/report/junit.js';
import { reportFormats } from '../scripts/lib/report/index.js';
import { prettyReport } from '../scripts/lib/report/pretty.js';
import { sarifReport } from '../scripts/lib/report/sarif.js';
import { resourceLabel, type ReportInput } from '../scripts/lib/report/types.js';
import { RULES } from '../scripts/lib/validate/registry.js';
import { repoCopy, ROOT, runScript, tempDir } from './helpers.js';

type Obj = Record<string, any>;

const TYPO = 'tests/fixtures/rules/SCH-008-container-typo/fail.yaml';
const YAML_ERROR = 'tests/fixtures/rules/SCH-001-yaml-syntax/fail.yaml';
const REMOVED = 'tests/fixtures/rules/DEP-001-removed-apis-1.28/fail.yaml';
const CLEAN = 'tests/fixtures/reports/clean.yaml';
const WAIVED = 'tests/fixtures/reports/waived.yaml';
const BAD_WAIVER = 'tests/fixtures/reports/bad-waiver.yaml';

/** Four units: an unknown field, a YAML error (a finding without resource), removed APIs, a waived error. */
const BROKEN = [TYPO, YAML_ERROR, REMOVED, WAIVED, '--kube-version', '1.28'];
/** No error: a clean ConfigMap and a waived one. */
const PASSING = [CLEAN, WAIVED, '--kube-version', '1.28'];

const FINDING_KEYS = ['file', 'line', 'message', 'path', 'resource', 'ruleId', 'severity', 'unit'];

interface JsonReport {
  findings: (Omit<Finding, 'resource'> & { resource: Finding['resource'] | null })[];
  rootCauses: { ruleId: string; file: string; line: number; findings: number[]; affected: unknown[] }[];
  summary: Summary;
}

type Run = Awaited<ReturnType<typeof runScript>>;

const validateCli = (args: readonly string[], options?: Parameters<typeof runScript>[2]): Promise<Run> =>
  runScript('validate', args, options);

const parseJson = (run: Run): JsonReport => JSON.parse(run.stdout) as JsonReport;

const classnameOf = (f: JsonReport['findings'][number]): string =>
  `${f.unit}.${resourceLabel(f.resource ?? undefined)}`;

// ---------------------------------------------------------------------------------------------
// JUnit helpers

interface TestCase {
  classname: string;
  name: string;
  failures: Obj[];
  skipped: Obj[];
  systemOut: string[];
}

interface Suite {
  attrs: Obj;
  cases: TestCase[];
}

function parseJunit(xml: string): { root: Obj; suites: Suite[] } {
  const valid = XMLValidator.validate(xml);
  expect(valid, `JUnit output is not well-formed XML: ${JSON.stringify(valid)}`).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    isArray: (tag) => ['testsuite', 'testcase', 'failure', 'skipped', 'system-out', 'error'].includes(tag),
  });
  const doc = parser.parse(xml) as Obj;
  // exactly one root element, <testsuites>
  expect(Object.keys(doc).filter((k) => k !== '?xml')).toEqual(['testsuites']);
  const root = doc['testsuites'] as Obj;
  const suites = ((root['testsuite'] ?? []) as Obj[]).map((s) => ({
    attrs: s,
    cases: ((s['testcase'] ?? []) as Obj[]).map((c) => ({
      classname: c['classname'] as string,
      name: c['name'] as string,
      failures: (c['failure'] ?? []) as Obj[],
      skipped: (c['skipped'] ?? []) as Obj[],
      systemOut: ((c['system-out'] ?? []) as unknown[]).map(String),
    })),
  }));
  return { root, suites };
}

/** The structural rules of a JUnit report GitLab and the JUnit actions read. */
function checkJunitStructure(xml: string): { suites: Suite[] } {
  const { root, suites } = parseJunit(xml);
  let tests = 0;
  let failures = 0;
  const seen = new Set<string>();
  for (const s of suites) {
    expect(typeof s.attrs['name'] === 'string' && s.attrs['name'] !== '', 'testsuite has a name').toBe(true);
    const failing = s.cases.filter((c) => c.failures.length > 0).length;
    expect(Number(s.attrs['tests']), `tests= of suite ${s.attrs['name']}`).toBe(s.cases.length);
    expect(Number(s.attrs['failures']), `failures= of suite ${s.attrs['name']}`).toBe(failing);
    expect(Number(s.attrs['errors'] ?? 0)).toBe(0);
    expect(Number(s.attrs['skipped'] ?? 0), `skipped= of suite ${s.attrs['name']}`).toBe(
      s.cases.filter((c) => c.skipped.length > 0).length,
    );
    for (const c of s.cases) {
      expect(c.classname, 'testcase classname').toMatch(/\S/);
      expect(c.name, 'testcase name').toMatch(/\S/);
      const key = `${c.classname}\u0000${c.name}`;
      expect(seen.has(key), `duplicate testcase ${c.classname} / ${c.name}`).toBe(false);
      seen.add(key);
      for (const f of c.failures) expect(f['message'], 'failure message').toMatch(/\S/);
    }
    tests += s.cases.length;
    failures += failing;
  }
  expect(Number(root['tests'])).toBe(tests);
  expect(Number(root['failures'])).toBe(failures);
  return { suites };
}

// ---------------------------------------------------------------------------------------------

describe('npm run validate report formats', () => {
  const runs: Record<string, Run> = {};

  beforeAll(async () => {
    const todo: [string, string[]][] = [
      ['json', [...BROKEN, '--format', 'json']],
      ['junit', [...BROKEN, '--format', 'junit']],
      ['sarif', [...BROKEN, '--format', 'sarif']],
      ['github', [...BROKEN, '--format', 'github']],
      ['pretty', [...BROKEN]],
      ['json-pass', [...PASSING, '--format', 'json']],
      ['junit-pass', [...PASSING, '--format', 'junit']],
      ['pretty-pass', [...PASSING, '--format', 'pretty']],
    ];
    const results = await Promise.all(todo.map(([, args]) => validateCli(args)));
    todo.forEach(([name], i) => {
      runs[name] = results[i] as Run;
    });
  }, 240_000);

  describe('json', () => {
    it('is one JSON document on stdout with findings and summary; exit 1 with errors', () => {
      const run = runs['json'] as Run;
      expect(run.code, run.stderr).toBe(1);
      const report = parseJson(run);
      expect(Object.keys(report).sort()).toEqual(['findings', 'rootCauses', 'summary']);
      // every finding belongs to exactly one root cause, at its own rule and location
      const owners = report.rootCauses.flatMap((c) => c.findings);
      expect(owners.sort((a, b) => a - b)).toEqual(report.findings.map((_, i) => i));
      for (const c of report.rootCauses)
        for (const i of c.findings)
          expect([report.findings[i]?.ruleId, report.findings[i]?.file, report.findings[i]?.line]).toEqual([
            c.ruleId,
            c.file,
            c.line,
          ]);
      expect(Object.keys(report.summary).sort()).toEqual(['error', 'info', 'resources', 'units', 'waived', 'warning']);
      expect(report.summary.units).toBe(4);
      expect(report.summary.error).toBe(report.findings.filter((f) => f.severity === 'error' && !f.waived).length);
      expect(report.summary.warning).toBe(report.findings.filter((f) => f.severity === 'warning' && !f.waived).length);
      expect(report.summary.waived).toBe(report.findings.filter((f) => f.waived).length);
      expect(report.summary.error).toBeGreaterThan(0);
    });

    it('every finding has exactly the documented keys (+ waived when waived)', () => {
      const { findings } = parseJson(runs['json'] as Run);
      expect(findings.length).toBeGreaterThan(0);
      for (const f of findings) {
        expect(Object.keys(f).sort()).toEqual(f.waived ? [...FINDING_KEYS, 'waived'].sort() : FINDING_KEYS);
        expect(['error', 'warning', 'info']).toContain(f.severity);
        expect(Number.isInteger(f.line) && f.line >= 1, `line of ${f.ruleId} ${f.file}`).toBe(true);
        expect(f.file.startsWith('/') || f.file.split('/').includes('..')).toBe(false);
        expect(typeof f.path).toBe('string');
        expect(f.message).toMatch(/\S/);
      }
      const rules = new Set(findings.map((f) => f.ruleId));
      for (const r of ['SCH-008', 'SCH-001', 'DEP-001', 'SCH-009']) expect(rules).toContain(r);
    });

    it('a YAML error is a finding without resource (resource: null), at its line', () => {
      const yamlError = parseJson(runs['json'] as Run).findings.find((f) => f.ruleId === 'SCH-001');
      expect(yamlError).toMatchObject({
        severity: 'error',
        file: YAML_ERROR,
        unit: YAML_ERROR,
        resource: null,
        path: '',
      });
      expect(yamlError?.line).toBeGreaterThanOrEqual(10);
    });

    it('a waived finding carries its waiver and does not count as an error', () => {
      const waived = parseJson(runs['json'] as Run).findings.filter((f) => f.waived);
      expect(waived.map((f) => [f.ruleId, f.file, f.waived])).toEqual([
        ['SCH-009', WAIVED, { reason: 'legacy name kept for the migration', expires: '2099-12-31' }],
      ]);
    });

    it('exit 0 without error findings', () => {
      const run = runs['json-pass'] as Run;
      expect(run.code, run.stderr).toBe(0);
      const report = parseJson(run);
      expect(report.summary).toMatchObject({ error: 0, waived: 1, units: 2, resources: 2 });
    });
  });

  describe('junit', () => {
    it('is well-formed JUnit XML whose counts match its testcases', () => {
      expect(runs['junit']?.code).toBe(1);
      expect(runs['junit']?.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
      checkJunitStructure(runs['junit']?.stdout ?? '');
      checkJunitStructure(runs['junit-pass']?.stdout ?? '');
      expect(runs['junit-pass']?.code).toBe(0);
    });

    it('has one testcase per rule (a testsuite per rule group), whatever the number of resources', () => {
      const { suites } = checkJunitStructure(runs['junit']?.stdout ?? '');
      const names = suites.flatMap((s) => s.cases.map((c) => c.name.split(' ')[0]));
      expect(names).toEqual(RULES.map((r) => r.id));
      expect(suites.map((s) => s.attrs['name'])).toEqual([...new Set(RULES.map((r) => r.group))]);
      for (const s of suites) for (const c of s.cases) expect(c.classname).toBe(`validate.${s.attrs['name']}`);
      const pass = checkJunitStructure(runs['junit-pass']?.stdout ?? '');
      expect(pass.suites.flatMap((s) => s.cases)).toHaveLength(RULES.length);
      expect(pass.suites.flatMap((s) => s.cases).filter((c) => c.failures.length > 0)).toEqual([]);
    });

    it(
      'a rule with error findings fails once, listing every one of them in the failure body; ' +
        'a rule without findings passes; waived ones are skipped',
      () => {
        const { findings } = parseJson(runs['json'] as Run);
        const { suites } = checkJunitStructure(runs['junit']?.stdout ?? '');
        const cases = suites.flatMap((s) => s.cases);
        const caseOf = (rule: string) => cases.find((c) => c.name.split(' ')[0] === rule);
        const errors = findings.filter((f) => f.severity === 'error' && !f.waived);
        for (const f of errors) {
          const c = caseOf(f.ruleId);
          expect(c?.failures.length, `one failure for ${f.ruleId}`).toBe(1);
          expect(String(c?.failures[0]?.['#text']), `${f.ruleId} lists ${f.file}:${f.line}`).toContain(
            `${f.file}:${f.line}`,
          );
        }
        const failing = cases.filter((c) => c.failures.length > 0).map((c) => c.name.split(' ')[0]);
        expect(failing.sort()).toEqual([...new Set(errors.map((f) => f.ruleId))].sort());
        const silent = RULES.filter((r) => !findings.some((f) => f.ruleId === r.id));
        expect(silent.length).toBeGreaterThan(0);
        for (const r of silent) expect(caseOf(r.id), r.id).toMatchObject({ failures: [], skipped: [], systemOut: [] });
        // SCH-009: one error and one waived finding: a failure, the waived one in system-out
        expect(caseOf('SCH-009')?.systemOut.join('\n')).toContain('waived: ');
        expect(caseOf('SCH-009')?.systemOut.join('\n')).toContain('legacy name kept for the migration');
      },
    );

    it('a rule whose findings are all waived is skipped with the reason', () => {
      const { suites } = checkJunitStructure(runs['junit-pass']?.stdout ?? '');
      const c = suites.flatMap((s) => s.cases).find((x) => x.name.startsWith('SCH-009 '));
      expect(c?.failures).toEqual([]);
      expect(String(c?.skipped[0]?.['message'])).toContain('legacy name kept for the migration');
    });

    it('--output FILE writes the same report atomically and prints a summary line to stderr', async () => {
      const dir = await tempDir('zarish-report-');
      const file = path.join(dir, 'junit.xml');
      const run = await validateCli([...BROKEN, '--format', 'junit', '--output', file]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toBe('');
      // (execa strips the final newline of stdout)
      expect(await readFile(file, 'utf8')).toBe(`${runs['junit']?.stdout}\n`);
      expect(readdirSync(dir)).toEqual(['junit.xml']); // no temporary file left behind
      const summary = parseJson(runs['json'] as Run).summary;
      expect(run.stderr.trim().split('\n').at(-1)).toBe(
        `${summary.error} errors, ${summary.warning} warnings, ` +
          `${summary.waived} waived in ${summary.resources} resources; report ` +
          `written to ${file}`,
      );
      // an existing report is replaced, not appended to
      await writeFile(file, 'stale');
      const again = await validateCli([...PASSING, '--format', 'junit', '--output', file]);
      expect(again.code, again.stderr).toBe(0);
      expect(await readFile(file, 'utf8')).toBe(`${runs['junit-pass']?.stdout}\n`);
    });

    it('a waiver naming an unknown rule (an error, exit 1) is a failure in JUnit too', async () => {
      const run = await validateCli([BAD_WAIVER, '--format', 'junit']);
      expect(run.code, run.stderr).toBe(1);
      const { suites } = checkJunitStructure(run.stdout);
      // junitReport only makes testcases for the rules it is given: WVR-001 must be one of them
      expect(
        suites.flatMap((s) => s.cases).filter((c) => c.failures.length > 0).length,
        'failing testcases for a run that exits 1',
      ).toBeGreaterThan(0);
    });

    it('findings on Applications an ApplicationSet generates are JUnit failures too', {
      timeout: 300_000,
    }, async () => {
      const root = await repoCopy();
      // ARGO-003: an ApplicationSet whose template uses a parameter no generator provides.
      await cp(path.join(ROOT, 'tests/fixtures/argocd/extra-appset.yaml'), path.join(root, 'argocd/dhaka/extra.yaml'));
      const kustomization = path.join(root, 'argocd/dhaka/kustomization.yaml');
      const text = await readFile(kustomization, 'utf8');
      expect(text).toContain('  - ../base\n');
      await writeFile(kustomization, text.replace('  - ../base\n', '  - ../base\n  - extra.yaml\n'));
      const [json, junit] = await Promise.all([
        validateCli(['--root', root, '--only', 'argocd', '--format', 'json'], { cwd: root }),
        validateCli(['--root', root, '--only', 'argocd', '--format', 'junit'], { cwd: root }),
      ]);
      expect(json.code, json.stderr).toBe(1);
      const errors = parseJson(json).findings.filter((f) => f.severity === 'error' && !f.waived);
      expect(errors.map((f) => f.ruleId)).toContain('ARGO-003');
      const cases = checkJunitStructure(junit.stdout).suites.flatMap((s) => s.cases);
      const missing = errors.filter(
        (f) =>
          !cases.some(
            (c) =>
              c.name.split(' ')[0] === f.ruleId &&
              c.failures.length > 0 &&
              String(c.failures[0]?.['#text']).includes(`${f.file}:${f.line}`),
          ),
      );
      expect(
        missing.map((f) => `${f.ruleId} ${classnameOf(f)}`),
        'error findings with no failing JUnit testcase',
      ).toEqual([]);
    });
  });

  describe('sarif', () => {
    const sarifOf = (run: Run | undefined): Obj => JSON.parse(run?.stdout ?? '') as Obj;

    function checkSarif(log: Obj): { rules: Obj[]; results: Obj[] } {
      expect(log['version']).toBe('2.1.0');
      expect(log['$schema']).toMatch(/sarif-2\.1\.0/);
      expect(log['runs']).toHaveLength(1);
      const driver = log['runs'][0].tool.driver as Obj;
      expect(driver['name']).toMatch(/\S/);
      const rules = driver['rules'] as Obj[];
      expect(rules.length).toBeGreaterThan(0);
      expect(new Set(rules.map((r) => r['id'])).size).toBe(rules.length);
      for (const r of rules) {
        expect(r['id']).toMatch(/\S/);
        expect(r['shortDescription']?.text).toMatch(/\S/);
        expect(['error', 'warning', 'note']).toContain(r['defaultConfiguration']?.level);
      }
      const results = log['runs'][0].results as Obj[];
      for (const r of results) {
        const where = `${r['ruleId']} ${JSON.stringify(r['locations']?.[0])}`;
        expect(
          rules.map((x) => x['id']),
          `ruleId of ${where} is among the rules`,
        ).toContain(r['ruleId']);
        expect(Number.isInteger(r['ruleIndex']), `ruleIndex of ${where}`).toBe(true);
        expect(rules[r['ruleIndex']]?.['id'], `rules[ruleIndex] of ${where}`).toBe(r['ruleId']);
        expect(['error', 'warning', 'note']).toContain(r['level']);
        expect(r['message']?.text).toMatch(/\S/);
        const location = r['locations']?.[0]?.physicalLocation as Obj;
        const uri = location?.['artifactLocation']?.uri as string;
        expect(uri, `uri of ${where}`).toMatch(/\S/);
        expect(
          uri.startsWith('/') || /^[a-z]+:/i.test(uri) || uri.includes('\\') || uri.split('/').includes('..'),
          `uri ${uri} is repo-relative`,
        ).toBe(false);
        expect(existsSync(path.join(ROOT, uri)), `${uri} exists in the repo`).toBe(true);
        const startLine = location?.['region']?.startLine as number;
        expect(Number.isInteger(startLine) && startLine >= 1, `region.startLine of ${where}`).toBe(true);
      }
      return { rules, results };
    }

    it('has version 2.1.0, $schema, the driver with its rules, and a valid location on every result', () => {
      const { rules, results } = checkSarif(sarifOf(runs['sarif']));
      expect(runs['sarif']?.code).toBe(1);
      const { findings } = parseJson(runs['json'] as Run);
      expect(results).toHaveLength(findings.length);
      // the same findings, in the same order, with the levels their severities map to
      const level = { error: 'error', warning: 'warning', info: 'note' } as const;
      expect(
        results.map((r) => [
          r['ruleId'],
          r['level'],
          r['locations'][0].physicalLocation.artifactLocation.uri,
          r['locations'][0].physicalLocation.region.startLine,
        ]),
      ).toEqual(findings.map((f) => [f.ruleId, level[f.severity], f.file, f.line]));
      // every registered rule, with its description
      expect(rules.map((r) => r['id'])).toEqual(RULES.map((r) => r.id));
      for (const rule of RULES)
        expect(rules.find((r) => r['id'] === rule.id)?.['shortDescription'].text).toBe(rule.description);
    });

    it('waived findings are suppressed, not dropped', () => {
      const { results } = checkSarif(sarifOf(runs['sarif']));
      const suppressed = results.filter((r) => r['suppressions']);
      expect(suppressed.map((r) => [r['ruleId'], r['suppressions'][0].justification])).toEqual([
        ['SCH-009', 'legacy name kept for the migration'],
      ]);
    });

    it('a clean run is a valid SARIF log with no results', async () => {
      const run = await validateCli([CLEAN, '--format', 'sarif']);
      expect(run.code, run.stderr).toBe(0);
      expect(checkSarif(sarifOf(run)).results).toEqual([]);
    });

    it('a waiver problem (WVR-001) is a result whose rule is in the driver', async () => {
      const run = await validateCli([BAD_WAIVER, '--format', 'sarif']);
      expect(run.code, run.stderr).toBe(1);
      checkSarif(sarifOf(run));
    });

    it('URIs are relative to the repository root, not to the working directory', async () => {
      const run = await validateCli(['fixtures/reports/waived.yaml', '--root', '..', '--format', 'sarif'], {
        cwd: path.join(ROOT, 'tests'),
      });
      expect(run.code, run.stderr).toBe(0);
      const uris = (sarifOf(run)['runs'][0].results as Obj[]).map(
        (r) => r['locations'][0].physicalLocation.artifactLocation.uri as string,
      );
      expect(uris).toEqual([WAIVED]);
    });
  });

  describe('github', () => {
    const COMMAND = /^::(error|warning|notice) file=([^,:\r\n]+),line=(\d+),title=([^,:\r\n]+)::(.+)$/;

    it('prints one workflow command per unwaived finding, then a summary line', () => {
      const run = runs['github'] as Run;
      expect(run.code).toBe(1);
      const { findings, summary } = parseJson(runs['json'] as Run);
      const lines = run.stdout.replace(/\n$/, '').split('\n');
      const commands = lines.slice(0, -1);
      const shown = findings.filter((f) => !f.waived);
      expect(commands).toHaveLength(shown.length);
      commands.forEach((line, i) => {
        const m = COMMAND.exec(line);
        expect(m, line).not.toBeNull();
        const f = shown[i]!;
        expect(m?.[1]).toBe(f.severity === 'info' ? 'notice' : f.severity);
        expect(m?.[2]).toBe(f.file);
        expect(Number(m?.[3])).toBe(f.line);
        expect(m?.[4]).toContain(f.ruleId);
      });
      expect(commands.filter((l) => l.startsWith('::error ')).length).toBe(summary.error);
      expect(lines.at(-1)).toBe(
        `${summary.error} errors, ${summary.warning} warnings, ` +
          `${summary.waived} waived in ${summary.resources} resources`,
      );
    });

    it('escapes % \\r \\n in the message and also : and , in properties', () => {
      const input: ReportInput = {
        findings: [
          {
            ruleId: 'SCH-008',
            severity: 'error',
            message: '100% wrong:\r\nsee a,b',
            file: 'odd,dir/x:y%.yaml',
            line: 0,
            path: 'spec.a',
            unit: 'unit:one,two',
            resource: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c' },
          },
          { ruleId: 'CAP-02', severity: 'info', message: 'advice', file: 'a.yaml', line: 3, path: '', unit: 'u' },
          {
            ruleId: 'SEC-R-03',
            severity: 'warning',
            message: 'waived',
            file: 'a.yaml',
            line: 4,
            path: '',
            unit: 'u',
            waived: { reason: 'ok' },
          },
        ],
        summary: { error: 1, warning: 0, info: 1, waived: 1, resources: 1, units: 2 },
        rules: [],
        units: [],
      };
      expect(githubReport(input).split('\n')).toEqual([
        '::error file=odd%2Cdir/x%3Ay%25.yaml,line=1,title=SCH-008 ' +
          'unit%3Aone%2Ctwo::100%25 wrong:%0D%0Asee a,b (at spec.a)',
        '::notice file=a.yaml,line=3,title=CAP-02 u::advice',
        '1 errors, 0 warnings, 1 waived in 1 resources',
        '',
      ]);
    });
  });

  describe('pretty', () => {
    it('one block per file:line naming its units, errors first; info and waived counted in one line', () => {
      const run = runs['pretty'] as Run;
      expect(run.code).toBe(1);
      expect(run.stdout).not.toMatch(/\u001b\[/);
      const { findings, summary } = parseJson(runs['json'] as Run);
      const lines = run.stdout.replace(/\n$/, '').split('\n');
      const headers = lines.filter((l) => /^\S+:\d+ · /.test(l));
      const shown = findings.filter((f) => !f.waived && f.severity !== 'info');
      // one header per location of a shown finding, naming the units of the findings there
      expect(headers.map((h) => h.split(' · ')[0]).sort()).toEqual(
        [...new Set(shown.map((f) => `${f.file}:${f.line}`))].sort(),
      );
      for (const h of headers) {
        const [at, units] = h.split(' · ') as [string, string];
        const there = shown.filter((f) => `${f.file}:${f.line}` === at);
        expect(units.split(', ').sort(), at).toEqual([...new Set(there.map((f) => f.unit))].sort());
      }
      // every shown finding is listed under its location; errors' blocks before warnings' blocks
      for (const f of shown) {
        const start = lines.indexOf(headers.find((h) => h.startsWith(`${f.file}:${f.line} · `)) ?? '');
        const block = lines.slice(start + 1, lines.indexOf('', start));
        expect(
          block.some((l) => l.includes(` ${f.ruleId} `)),
          `${f.ruleId} under ${f.file}:${f.line}`,
        ).toBe(true);
      }
      // blocks are ordered by their most severe entry, which comes first in the block: errors first
      const firsts = headers.map((h) => (lines[lines.indexOf(h) + 1] ?? '').trim().split(' ')[0]);
      expect(firsts).toEqual(
        [...firsts].sort((a, b) => ['error', 'warning'].indexOf(a ?? '') - ['error', 'warning'].indexOf(b ?? '')),
      );
      expect(firsts).toContain('warning');
      expect(run.stdout).not.toMatch(/^ {2}waived /m);
      expect(lines.at(-2)).toBe(
        `not shown: ${summary.info > 0 ? `${summary.info} info, ` : ''}${summary.waived} waived ` +
          '(--show waived,info, or --show all)',
      );
      expect(lines.at(-1)).toMatch(
        new RegExp(
          `^FAILED: \\d+ errors?( \\(affects? \\d+ resources\\))?, \\d+ warnings?.*, \\d+ info, ` +
            `${summary.waived} waived — ${summary.resources} resources in ${summary.units} units$`,
        ),
      );
    });

    it('--show waived (or all) lists the waived findings with their waiver; OK on a clean run', async () => {
      const run = runs['pretty-pass'] as Run;
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain('legacy name kept for the migration');
      expect(run.stdout).toContain('not shown: ');
      const [waived, all, bad] = await Promise.all([
        validateCli([...PASSING, '--show', 'waived']),
        validateCli([...PASSING, '--show', 'all']),
        validateCli([...PASSING, '--show', 'errors']),
      ]);
      for (const r of [waived, all]) {
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('(waived: legacy name kept for the migration, until 2099-12-31)');
        expect(r.stdout.replace(/\n$/, '').split('\n').at(-1)).toMatch(
          /^OK: 0 errors, \d+ warnings?, \d+ info, 1 waived — 2 resources in 2 units$/,
        );
      }
      expect(all.stdout).not.toContain('not shown: ');
      expect([bad.code, bad.stderr.trim()]).toEqual([
        2,
        'validate: --show errors: expected waived, info or all, comma-separated',
      ]);
    });

    it('--help documents --show and lists every format of the registry', async () => {
      const run = await validateCli(['--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('--show KINDS');
      for (const f of await reportFormats())
        expect(run.stdout.split('\n').map((l) => l.trim().replace(/ +/, ' '))).toContain(`${f.name} ${f.description}`);
    });

    it('colours only when asked (unit)', () => {
      const input: ReportInput = {
        findings: [
          {
            ruleId: 'SCH-008',
            severity: 'error',
            message: 'm',
            file: 'f.yaml',
            line: 2,
            path: 'spec',
            unit: 'u',
            resource: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c' },
          },
        ],
        summary: { error: 1, warning: 0, info: 0, waived: 0, resources: 1, units: 1 },
        rules: [],
        units: [{ name: 'u', resources: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'c' }] }],
      };
      expect(prettyReport({ ...input, color: true })).toMatch(/\u001b\[31m/);
      expect(prettyReport({ ...input, color: false })).not.toMatch(/\u001b\[/);
      expect(prettyReport(input)).toBe(
        'f.yaml:2 · u\n  error   SCH-008 m\n          at spec · ConfigMap c (u)\n\n' +
          'FAILED: 1 error, 0 warnings, 0 info, 0 waived — 1 resources in 1 unit\n',
      );
    });
  });

  describe('report functions over a synthetic input (unit)', () => {
    const input: ReportInput = {
      findings: [
        {
          ruleId: 'SCH-008',
          severity: 'error',
          message: 'a <b> & "c" \u0001 d',
          file: 'x.yaml',
          line: 0,
          path: 'spec',
          unit: 'u&1',
          resource: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c' },
        },
        { ruleId: 'SCH-001', severity: 'error', message: 'parse', file: 'x.yaml', line: 7, path: '', unit: 'u&1' },
      ],
      summary: { error: 2, warning: 0, info: 0, waived: 0, resources: 1, units: 1 },
      rules: RULES.filter((r) => r.id === 'SCH-001' || r.id === 'SCH-008').map((r) => ({
        id: r.id,
        name: r.name,
        severity: r.severity,
        description: r.description,
        group: r.group,
      })),
      units: [{ name: 'u&1', resources: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'c' }] }],
    };

    it('junit escapes XML specials and drops characters XML 1.0 forbids', () => {
      const { suites } = checkJunitStructure(junitReport(input));
      expect(suites.map((s) => s.attrs['name'])).toEqual(['schema']);
      const failing = suites.flatMap((s) => s.cases).filter((c) => c.failures.length > 0);
      expect(failing.map((c) => c.name).sort()).toEqual(['SCH-001 yaml-parse', 'SCH-008 unknown-field']);
      const typo = failing.find((c) => c.name.startsWith('SCH-008'))?.failures[0];
      expect(typo?.['message']).toBe('1 error: a <b> & "c"  d');
      expect(String(typo?.['#text'])).toContain('x.yaml:0 spec: a <b> & "c"  d');
    });

    it('sarif clamps line 0 to startLine 1', () => {
      const log = JSON.parse(sarifReport(input)) as Obj;
      expect((log['runs'][0].results as Obj[]).map((r) => r['locations'][0].physicalLocation.region.startLine)).toEqual(
        [1, 7],
      );
    });
  });
});

describe('npm run validate exit codes and options', () => {
  it('an unknown --format is a usage error (exit 2, one line)', async () => {
    const run = await validateCli([CLEAN, '--format', 'xml']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--format xml');
    expect(run.stderr).toContain('junit');
  });

  it('a missing path is exit 2, naming the path', async () => {
    const run = await validateCli(['tests/fixtures/reports/does-not-exist.yaml', '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('tests/fixtures/reports/does-not-exist.yaml');
  });

  it('an unknown flag and a bad --kube-version are usage errors', async () => {
    const [flag, kube] = await Promise.all([
      validateCli([CLEAN, '--formt', 'json']),
      validateCli([CLEAN, '--kube-version', 'latest']),
    ]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--formt');
    expect(kube.code).toBe(2);
    expect(kube.stderr).toContain('--kube-version latest');
  });

  it('--list-rules prints every registered rule with its severity and description', async () => {
    const run = await validateCli(['--list-rules']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(RULES.length);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    RULES.forEach((rule, i) => {
      const line = lines[i] ?? '';
      expect(line.split(/\s+/)[0]).toBe(rule.id);
      expect(line.split(/\s+/)[1]).toBe(rule.severity);
      expect(line).toContain(rule.name);
      expect(line.endsWith(rule.description)).toBe(true);
    });
  });

  it('--only schema restricts findings to the schema group', async () => {
    const schema = new Set(RULES.filter((r) => r.group === 'schema').map((r) => r.id));
    const run = await validateCli([
      TYPO,
      YAML_ERROR,
      REMOVED,
      '--kube-version',
      '1.28',
      '--only',
      'schema',
      '--format',
      'json',
    ]);
    expect(run.code, run.stderr).toBe(1);
    const { findings } = parseJson(run);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => !schema.has(f.ruleId)).map((f) => f.ruleId)).toEqual([]);
    expect([...new Set(findings.map((f) => f.ruleId))]).toEqual(
      expect.arrayContaining(['DEP-001', 'SCH-001', 'SCH-008']),
    );
    // and the SARIF driver lists only the rules that ran
    const sarif = await validateCli([TYPO, '--only', 'schema', '--format', 'sarif']);
    expect((JSON.parse(sarif.stdout) as Obj)['runs'][0].tool.driver.rules.map((r: Obj) => r['id'])).toEqual([
      ...schema,
    ]);
  });

  it("waiver problems (WVR-001), raised whatever groups run, are in every format's rules and failures", async () => {
    const [json, junit, sarif] = await Promise.all(
      ['json', 'junit', 'sarif'].map((format) => validateCli([BAD_WAIVER, '--only', 'security', '--format', format])),
    );
    expect(json?.code, json?.stderr).toBe(1);
    expect(parseJson(json as Run).findings.map((f) => f.ruleId)).toEqual(['WVR-001']);
    // BUG (see report): validate.ts passes only the selected groups' rules to the reports, so the
    // WVR-001 finding has no JUnit testcase and no SARIF rule when its group is not selected
    expect(
      checkJunitStructure(junit?.stdout ?? '')
        .suites.flatMap((s) => s.cases)
        .filter((c) => c.failures.length > 0)
        .map((c) => c.name.split(' ')[0]),
    ).toEqual(['WVR-001']);
    const log = JSON.parse(sarif?.stdout ?? '') as Obj;
    const result = log['runs'][0].results[0] as Obj;
    expect(log['runs'][0].tool.driver.rules[result['ruleIndex']]?.id).toBe('WVR-001');
  });

  it('an unknown or empty --only group is exit 2', async () => {
    const [unknown, empty] = await Promise.all([
      validateCli([CLEAN, '--only', 'schema,nope']),
      validateCli([CLEAN, '--only', '']),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('nope');
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(empty.code).toBe(2);
  });
});

// Keep the fixture files this test relies on honest.
it('the reports fixtures exist', () => {
  for (const f of [CLEAN, WAIVED, BAD_WAIVER, TYPO, YAML_ERROR, REMOVED])
    expect(readFileSync(path.join(ROOT, f), 'utf8')).toMatch(/apiVersion/);
});
