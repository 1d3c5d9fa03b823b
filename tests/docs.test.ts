import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateBenchRepo, SERVICES_PER_APP } from '../scripts/lib/bench.js';
import { loadPipeline } from '../scripts/lib/pipeline.js';
import { operatorPins } from '../scripts/lib/operators.js';
import { renderTargets } from '../scripts/lib/render.js';
import { generatedReadme, RULES_DOC, ruleAnchor, rulesPage } from '../scripts/lib/rules/docs.js';
import { ALL_RULES, DIFF_RULES, VALIDATE_RULES } from '../scripts/lib/rules/registry.js';
import { ROOT, runScript, tempDir } from './helpers.js';

describe('README', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

  it('has the rule tables generated from the rule modules (npm run docs)', () => {
    expect(readme).toBe(generatedReadme(readme, VALIDATE_RULES, DIFF_RULES));
    for (const rule of ALL_RULES)
      expect(readme, rule.id).toContain(
        `| [${rule.id}](docs/rules.md#${ruleAnchor(rule.id)}) | ${rule.group} | ${rule.severity} |`,
      );
  });

  it('shows the operator versions each cluster pins (the table of the Operators section)', async () => {
    const pins = await operatorPins(ROOT);
    const clusters = [...pins.keys()].sort((a, b) => (a === 'dhaka' ? -1 : b === 'dhaka' ? 1 : a.localeCompare(b)));
    const operators = [...new Set([...pins.values()].flat().map((p) => p.operator))].sort();
    const rows = operators.map(
      (op) =>
        `| ${op} | ${clusters.map((c) => pins.get(c)!.find((p) => p.operator === op)?.version ?? '—').join(' | ')} |`,
    );
    const table = [
      `| operator | ${clusters.join(' | ')} |`,
      `|---|${clusters.map(() => '---|').join('')}`,
      ...rows,
    ].join('\n');
    expect(readme).toContain(table);
  });

  it('gives the two set-up commands, and .ci/run runs them', () => {
    expect(readme).toMatch(/npm ci\nnpm test/);
    const ci = readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
    expect(ci).toContain('npm ci');
    expect(ci).toContain('npm test');
  });
});

describe('docs/rules.md', () => {
  it('is generated from the rule modules (npm run docs): one section per rule, what it checks and the fix', () => {
    const page = readFileSync(path.join(ROOT, RULES_DOC), 'utf8');
    expect(page).toBe(rulesPage([...VALIDATE_RULES, ...DIFF_RULES]));
    for (const rule of ALL_RULES) {
      expect(page.split('\n'), rule.id).toContain(`### ${rule.id}`);
      expect(page, rule.id).toContain(`**Fix:** ${rule.remediation}`);
    }
  });

  it('every rule has a one-line description and remediation, and a distinct anchor', () => {
    for (const rule of ALL_RULES) {
      expect(rule.description, rule.id).toMatch(/^[^\n]{10,}$/);
      expect(rule.remediation, rule.id).toMatch(/^[^\n]{10,}$/);
    }
    expect(new Set(ALL_RULES.map((r) => ruleAnchor(r.id))).size).toBe(ALL_RULES.length);
  });

  it('fails when the README or the page drift from the metadata', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const [first] = VALIDATE_RULES;
    const edited = VALIDATE_RULES.map((r) => (r === first ? { ...r, severity: 'info' as const } : r));
    expect(generatedReadme(readme, edited, DIFF_RULES)).not.toBe(readme);
    expect(rulesPage([...edited, ...DIFF_RULES])).not.toBe(rulesPage([...VALIDATE_RULES, ...DIFF_RULES]));
    expect(() => generatedReadme('# no tables\n', VALIDATE_RULES, DIFF_RULES)).toThrow(/rules:validate/);
  });
});

describe('npm run docs', () => {
  it('--check names the stale files and exits 1; without it both files are written, then --check passes', async () => {
    const dir = await tempDir('zarish-docs-');
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const stale = readme.replace(/\| \[SCH-001\][^\n]*\n/, '');
    expect(stale).not.toBe(readme);
    await writeFile(path.join(dir, 'README.md'), stale);
    const check = await runScript('docs', ['--check', '--root', dir]);
    expect(check.code, check.stderr).toBe(1);
    expect(check.stderr).toContain('README.md: out of date');
    expect(check.stderr).toContain('docs/rules.md: out of date');
    expect(existsSync(path.join(dir, 'docs/rules.md'))).toBe(false);
    const write = await runScript('docs', ['--root', dir]);
    expect(write.code, write.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe(readme);
    expect(readFileSync(path.join(dir, 'docs/rules.md'), 'utf8')).toBe(
      readFileSync(path.join(ROOT, RULES_DOC), 'utf8'),
    );
    expect((await runScript('docs', ['--check', '--root', dir])).code).toBe(0);
  });

  it('writes nothing when the README has no markers (exit 2, one line)', async () => {
    const dir = await tempDir('zarish-docs-');
    await mkdir(path.join(dir, 'docs'));
    await writeFile(path.join(dir, 'README.md'), '# no tables\n');
    const run = await runScript('docs', ['--root', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('README.md: no generated rule table');
    expect(existsSync(path.join(dir, 'docs/rules.md'))).toBe(false);
  });
});

describe('npm run bench', () => {
  it('generates a synthetic repo whose every environment deploys the extra services', async () => {
    const dir = await tempDir('zarish-bench-test-');
    await generateBenchRepo(ROOT, dir, 2);
    const pipeline = await loadPipeline(dir);
    const rendered = await renderTargets(
      dir,
      pipeline.targets.filter((t) => t.environment === 'prod' || t.environment === 'dr'),
      pipeline.kustomize,
    );
    for (const r of rendered) {
      const deployments = r.resources
        .filter((x) => x.object.kind === 'Deployment')
        .map((x) => (x.object.metadata as { name: string }).name);
      expect(deployments, r.target.name).toEqual(
        expect.arrayContaining(['bench-svc-001', 'bench-svc-002', 'patient-registry']),
      );
    }
  });

  it('apps layout: an Application per group of 25 and environment, on the site hosting it, clean', async () => {
    const dir = await tempDir('zarish-bench-test-');
    await generateBenchRepo(ROOT, dir, SERVICES_PER_APP + 1, 'apps');
    const pipeline = await loadPipeline(dir);
    const groups = pipeline.targets
      .filter((t) => t.path.startsWith('services/'))
      .map((t) => `${t.name} ${t.cluster} ${t.environment} ${t.path} ${t.namespace}`);
    expect(groups.sort()).toEqual([
      'zarish-his-group-001-dev dhaka dev services/group-001/dev zarish-his-dev',
      'zarish-his-group-001-dr chittagong dr services/group-001/dr zarish-his-dr',
      'zarish-his-group-001-prod dhaka prod services/group-001/prod zarish-his-prod',
      'zarish-his-group-001-staging dhaka staging services/group-001/staging zarish-his-staging',
      'zarish-his-group-002-dev dhaka dev services/group-002/dev zarish-his-dev',
      'zarish-his-group-002-dr chittagong dr services/group-002/dr zarish-his-dr',
      'zarish-his-group-002-prod dhaka prod services/group-002/prod zarish-his-prod',
      'zarish-his-group-002-staging dhaka staging services/group-002/staging zarish-his-staging',
    ]);
    // the repo stays valid: each group is whole (references, network policies), prod and dr
    // Applications pair up (ARGO-006), and dr runs what prod runs across all of them (DR-001)
    const r = await runScript('validate', ['--root', dir, '--format', 'json', '--no-cache']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { summary: { error: number; warning: number; units: number } };
    expect(report.summary).toMatchObject({ error: 0, warning: 0, units: 16 });
    // the group Applications deploy their services with the environment's tag
    const [dev] = await renderTargets(
      dir,
      pipeline.targets.filter((t) => t.path === 'services/group-002/dev'),
      pipeline.kustomize,
    );
    const images = dev?.resources
      .filter((x) => x.object.kind === 'Deployment')
      .map((x) => [
        (x.object.metadata as { name: string }).name,
        JSON.stringify(x.object).match(/ms-patient-registry:[^"]+/)?.[0],
      ]);
    expect(images).toEqual([['bench-svc-026', 'ms-patient-registry:1.5.0-dev.7f3c2a1']]);
  });
});
