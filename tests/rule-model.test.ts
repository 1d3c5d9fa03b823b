/**
 * The one rule model (scripts/lib/rules/): the registry finds every rule module by itself, each rule
 * carries its metadata, and the engine runs Argo CD rules only with Argo CD's model.
 */
import { cp, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../scripts/lib/model/load.js';
import type { Unit } from '../scripts/lib/model/types.js';
import { ALL_RULES, DIFF_RULES, VALIDATE_RULES } from '../scripts/lib/rules/registry.js';
import { isRaised, isRunRule, type Rule } from '../scripts/lib/rules/types.js';
import { runChecks } from '../scripts/lib/validate/engine.js';
import { ROOT, tempDir } from './helpers.js';

const unit: Unit = {
  name: 'u',
  environment: 'prod',
  namespace: 'ns',
  kubernetesVersion: '1.33',
  resources: parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ns}\n', 'c.yaml', 'u')
    .resources,
  loadFindings: [],
};

describe('rule registry', () => {
  it('holds every rule once: validate rules and diff rules, each with scope, description and remediation', () => {
    expect(new Set(ALL_RULES.map((r) => r.id)).size).toBe(ALL_RULES.length);
    expect(ALL_RULES.length).toBe(VALIDATE_RULES.length + DIFF_RULES.length);
    expect(DIFF_RULES.map((r) => r.id).sort()).toEqual(['DIFF-001', 'DIFF-002', 'DIFF-003', 'DIFF-004', 'DIFF-005']);
    expect(VALIDATE_RULES.every((r) => r.scope !== 'diff')).toBe(true);
    // the rules raised outside a check say by what
    expect(
      ALL_RULES.filter(isRaised)
        .map((r) => [r.id, r.raisedBy])
        .sort(),
    ).toEqual([
      ['SRV-001', 'server'],
      ['SRV-002', 'server'],
      ['SRV-003', 'server'],
      ['WVR-001', 'engine'],
    ]);
    // the cross-unit rules are run rules with a real check (no empty per-unit stub beside it)
    const run = ALL_RULES.filter(isRunRule).map((r) => r.id);
    expect(run).toEqual(expect.arrayContaining(['DR-001', 'DR-008', 'ARGO-001', 'ARGO-007', 'OPR-PG-05']));
    for (const r of ALL_RULES) expect(Object.keys(r), r.id).not.toContain('checkAll');
  });

  it('finds a new rule module by itself: one file in the rules directory, no list to edit (built dist/)', async () => {
    const dir = await tempDir('zarish-registry-');
    await cp(path.join(ROOT, 'dist', 'scripts'), path.join(dir, 'dist', 'scripts'), { recursive: true });
    await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    await writeFile(path.join(dir, 'package.json'), '{"type": "module"}\n');
    const group = path.join(dir, 'dist', 'scripts', 'lib', 'validate', 'rules', 'hardening');
    await mkdir(group, { recursive: true });
    await writeFile(
      path.join(group, 'zz-example.js'),
      `export const example = {
  id: 'REL-99', name: 'example', group: 'hardening', severity: 'info', scope: 'resource',
  description: 'An example rule added as one file.', remediation: 'Nothing to do.',
  check: () => [],
};\n`,
    );
    const listed = await execa(process.execPath, [path.join(dir, 'dist', 'scripts', 'validate.js'), '--list-rules']);
    const lines = listed.stdout.split('\n');
    expect(lines).toHaveLength(VALIDATE_RULES.length + 1);
    expect(lines.find((l) => l.startsWith('REL-99 '))).toMatch(/REL-99\s+info\s+hardening\s+example\s+An example rule/);
  });
});

describe('engine', () => {
  const argoRule = (calls: string[]): Rule => ({
    id: 'ARGO-99',
    name: 'needs-argo',
    group: 'argocd',
    severity: 'error',
    scope: 'run',
    needsArgo: true,
    description: 'test rule',
    remediation: 'test rule',
    check: () => {
      calls.push('ARGO-99');
      return [];
    },
  });

  it('does not run a rule that needs Argo CD model without one (bump, promote), and runs it with one', () => {
    const calls: string[] = [];
    const rules = [argoRule(calls)];
    runChecks([unit], { rules, schemas: [] });
    expect(calls).toEqual([]);
    const argo = { model: {} as never, targets: [], clusters: [], applications: [], pathMode: true };
    runChecks([unit], { rules, schemas: [], argo });
    expect(calls).toEqual(['ARGO-99']);
  });

  it('runs per-unit rules once per unit and run rules once per run', () => {
    const calls: string[] = [];
    const rules: Rule[] = [
      {
        id: 'X-1',
        name: 'per-unit',
        group: 'schema',
        severity: 'error',
        scope: 'resource',
        description: 'd',
        remediation: 'r',
        check: (ctx) => {
          calls.push(`unit ${ctx.unit.name}`);
          return [];
        },
      },
      {
        id: 'X-2',
        name: 'per-run',
        group: 'dr',
        severity: 'error',
        scope: 'run',
        description: 'd',
        remediation: 'r',
        check: (ctx) => {
          calls.push(`run ${ctx.units.length}`);
          return [];
        },
      },
    ];
    runChecks([unit, { ...unit, name: 'v' }], { rules, schemas: [] });
    expect(calls).toEqual(['unit u', 'unit v', 'run 2']);
  });
});
