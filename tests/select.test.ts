/** --target / --env / --shard: which targets a run renders and checks. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseShard, selectTargets } from '../scripts/lib/select.js';
import type { Target } from '../scripts/lib/targets.js';
import { ROOT, runScript } from './helpers.js';

const target = (name: string, environment: Target['environment']): Target => ({
  name,
  environment,
  cluster: 'c',
  path: `p/${name}`,
  namespace: undefined,
  kubernetesVersion: '1.28',
});
const ALL = [
  target('zarish-his-prod', 'prod'),
  target('zarish-his-dev', 'dev'),
  target('zarish-his-dr', 'dr'),
  target('zarish-his-bootstrap', 'argocd'),
  target('zarish-his-staging', 'staging'),
];
const names = (ts: readonly Target[]) => ts.map((t) => t.name).sort();

describe('target selection', () => {
  it('shards are a stable round-robin split of the sorted names: every target in exactly one shard', () => {
    for (const n of [1, 2, 3, 5, 7]) {
      const shards = Array.from({ length: n }, (_, i) => selectTargets(ALL, { shard: { index: i + 1, count: n } }));
      expect(names(shards.flatMap((s) => s.targets))).toEqual(names(ALL));
      // only shard 1 runs the cross-target checks
      expect(shards.map((s) => s.crossTarget)).toEqual(shards.map((_, i) => i === 0));
      // and the checks of any set of targets are left to it too
      expect(shards.map((s) => s.selectedChecks)).toEqual(shards.map(() => false));
      // the same input splits the same way, whatever the order it comes in
      expect(names(selectTargets([...ALL].reverse(), { shard: { index: 1, count: n } }).targets)).toEqual(
        names(shards[0]?.targets ?? []),
      );
    }
    expect(names(selectTargets(ALL, { shard: { index: 2, count: 2 } }).targets)).toEqual([
      'zarish-his-dev',
      'zarish-his-prod',
    ]);
  });

  it('--target and --env select by name and environment, and skip the cross-target checks', () => {
    expect(names(selectTargets(ALL, { envs: ['prod', 'dr'] }).targets)).toEqual(['zarish-his-dr', 'zarish-his-prod']);
    const one = selectTargets(ALL, { targets: ['zarish-his-dev'] });
    expect(names(one.targets)).toEqual(['zarish-his-dev']);
    expect(one.crossTarget).toBe(false);
    // the checks that hold of any set of targets (the quota checks) run over the selected ones
    expect(one.selectedChecks).toBe(true);
    expect(selectTargets(ALL, { envs: ['dev'], shard: { index: 1, count: 2 } }).selectedChecks).toBe(true);
    expect(one.note).toMatch(/cross-target checks .* skipped/);
    expect(selectTargets(ALL, {})).toMatchObject({
      targets: ALL,
      crossTarget: true,
      selectedChecks: false,
      note: undefined,
    });
  });

  it('unknown names and malformed shards are usage errors naming what was expected', () => {
    expect(() => selectTargets(ALL, { targets: ['nope'] })).toThrow(
      /--target nope: no such target \(expected one of zarish-his-bootstrap, /,
    );
    expect(() => selectTargets(ALL, { envs: ['qa'] })).toThrow(/--env qa: no target deploys it/);
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0']) expect(() => parseShard(bad)).toThrow(/expected I\/N/);
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
  });

  it('validate --env checks only that environment; --shard rejects a bad value with exit 2', async () => {
    const run = await runScript('validate', ['--env', 'dev', '--format', 'json', '--progress']);
    expect(run.code, run.stderr).toBeLessThan(2);
    const report = JSON.parse(run.stdout) as {
      findings: { unit: string; ruleId: string }[];
      summary: { units: number };
    };
    expect(report.summary.units).toBe(1);
    expect([...new Set(report.findings.map((f) => f.unit))]).toEqual(['zarish-his-dev']);
    // the quota checks, which hold of any set of targets, still run over the selected one
    expect(report.findings.filter((f) => f.ruleId === 'CAP-02').map((f) => f.unit)).toEqual(['zarish-his-dev']);
    expect(run.stderr).toMatch(/^\[1\/1\] zarish-his-dev: \d+ resources, \d+ errors, \d+ warnings/m);
    const bad = await runScript('validate', ['--shard', '3/2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('validate: --shard 3/2: expected I/N with 1 <= I <= N, e.g. 1/2');
  });

  it('CI fans validation out over shards (a GitHub matrix, GitLab parallel:)', () => {
    const gh = parse(readFileSync(path.join(ROOT, '.github/workflows/pull-request.yml'), 'utf8')) as {
      jobs: { validate: { strategy: { matrix: { shard: number[] } }; steps: { run?: string }[] } };
    };
    const shards = gh.jobs.validate.strategy.matrix.shard;
    expect(shards.length).toBeGreaterThan(1);
    const runs = gh.jobs.validate.steps.map((s) => s.run ?? '').filter((r) => r.includes('npm run validate'));
    expect(runs.length).toBeGreaterThan(0);
    for (const r of runs) expect(r).toContain(`--shard \${{ matrix.shard }}/${shards.length}`);
    const gl = parse(readFileSync(path.join(ROOT, '.gitlab-ci.yml'), 'utf8')) as {
      validate: { parallel: number; script: string[] };
    };
    expect(gl.validate.parallel).toBeGreaterThan(1);
    expect(gl.validate.script.join('\n')).toContain('--shard "${CI_NODE_INDEX}/${CI_NODE_TOTAL}"');
  });
});
