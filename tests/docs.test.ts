import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateBenchRepo } from '../scripts/lib/bench.js';
import { loadPipeline } from '../scripts/lib/pipeline.js';
import { operatorPins } from '../scripts/lib/operators.js';
import { renderTargets } from '../scripts/lib/render.js';
import { RULES } from '../scripts/lib/validate/registry.js';
import { ROOT, tempDir } from './helpers.js';

describe('README', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

  it('lists every rule with its group and default severity', () => {
    for (const rule of RULES) expect(readme, rule.id).toContain(`| ${rule.id} | ${rule.group} | ${rule.severity} |`);
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
});
