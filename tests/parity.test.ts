import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllowList, parsePattern } from '../scripts/lib/dr/allowlist.js';
import { differences, parityFindings } from '../scripts/lib/dr/parity.js';
import { crossUnitChecks } from '../scripts/lib/validate/rules/dr/index.js';
import { RULES } from '../scripts/lib/validate/registry.js';
import { parseManifests } from '../scripts/lib/model/load.js';
import type { Unit } from '../scripts/lib/validate/types.js';
import { repoCopy, ROOT, runScript } from './helpers.js';

function unit(name: string, environment: string, text: string): Unit {
  const { resources } = parseManifests(text, `${name}.yaml`, name);
  return { name, environment, namespace: undefined, kubernetesVersion: '1.28', resources, loadFindings: [] };
}

const CM = (value: string, ns: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: ` +
  `${ns}\ndata:\n  url: http://x.${ns}.svc\n  level: ${value}\n`;
const HPA = (min: number) =>
  `---\napiVersion: autoscaling/v2\nkind: ` +
  `HorizontalPodAutoscaler\nmetadata:\n  name: h\nspec:\n  minReplicas: ` +
  `${min}\n  maxReplicas: 5\n`;

describe('parity (pure)', () => {
  const allowList = parseAllowList(
    {
      namespaces: { prod: 'p', dr: 'd' },
      allow: [{ kind: 'HorizontalPodAutoscaler', group: 'autoscaling', paths: ['spec.minReplicas'], why: 'standby' }],
    },
    'allow.yaml',
  );
  it('parses field path patterns', () => {
    expect(parsePattern('metadata.annotations["a.b/c"]')).toEqual(['metadata', 'annotations', 'a.b/c']);
    expect(parsePattern('spec.containers[*].resources')).toEqual(['spec', 'containers', { any: true }, 'resources']);
  });
  it('lists leaf differences', () => {
    expect(differences({ a: { b: 1, c: [1, 2] } }, { a: { b: 2, c: [1] } })).toEqual([
      { path: ['a', 'b'], prod: 1, dr: 2 },
      { path: ['a', 'c', 1], prod: 2, dr: undefined },
    ]);
  });
  it('allows namespace renames and allow-listed paths, reports the rest at the dr file and line', () => {
    const prod = unit('prod', 'prod', CM('info', 'p') + HPA(3));
    const dr = unit('dr', 'dr', CM('debug', 'd') + HPA(2));
    const findings = parityFindings(prod, dr, { allowList });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'DR-001',
      path: 'data.level',
      file: 'dr.yaml',
      line: 8,
      severity: 'error',
    });
    expect(findings[0]?.message).toMatch(/ConfigMap c: data.level is "debug" in dr but "info" in prod/);
  });
  it("reports a resource missing in dr, and crossUnitChecks runs it over a run's units", () => {
    const prod = unit('prod', 'prod', CM('info', 'p') + HPA(3));
    const dr = unit('dr', 'dr', CM('info', 'd'));
    const findings = crossUnitChecks([prod, dr], { allowList });
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/HorizontalPodAutoscaler.autoscaling h is in prod but missing in dr/),
    ]);
    expect(crossUnitChecks([prod])).toEqual([]);
    expect(RULES.filter((r) => r.group === 'dr').map((r) => [r.id, r.group])).toEqual(
      ['DR-001', 'DR-002', 'DR-003', 'DR-004', 'DR-005', 'DR-006', 'DR-007', 'DR-008', 'DR-009'].map((id) => [
        id,
        'dr',
      ]),
    );
  });
});

describe('parity of an environment deployed by several Applications', () => {
  const allowList = parseAllowList({ namespaces: { prod: 'p', dr: 'd' }, allow: [] }, 'allow.yaml');
  const CMN = (name: string, ns: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n  a: "1"\n`;

  it('compares all prod Applications with all dr ones, whichever Application carries a resource', () => {
    // prod splits its resources over two Applications, dr over two others, differently
    const units = [
      unit('prod-main', 'prod', CMN('one', 'p')),
      unit('prod-group', 'prod', `${CMN('two', 'p')}---\n${CMN('three', 'p')}`),
      unit('dr-main', 'dr', `${CMN('one', 'd')}---\n${CMN('two', 'd')}`),
      unit('dr-group', 'dr', CMN('three', 'd')),
    ];
    expect(crossUnitChecks(units, { allowList })).toEqual([]);
  });

  it('a resource no dr Application has is missing; one only a dr Application has is extra, in its unit', () => {
    const units = [
      unit('prod-main', 'prod', CMN('one', 'p')),
      unit('prod-group', 'prod', CMN('two', 'p')),
      unit('dr-main', 'dr', CMN('one', 'd')),
      unit('dr-group', 'dr', CMN('extra', 'd')),
    ];
    const findings = crossUnitChecks(units, { allowList });
    expect(findings.map((f) => [f.ruleId, f.unit, f.file, f.line, f.message])).toEqual([
      [
        'DR-001',
        'dr (2 Applications)',
        'prod-group.yaml',
        1,
        'ConfigMap two is in prod but missing in dr (expected dr to run everything prod runs)',
      ],
      [
        'DR-001',
        'dr-group',
        'dr-group.yaml',
        1,
        'ConfigMap extra is only in dr (expected dr to run what prod runs, nothing more)',
      ],
    ]);
  });
});

describe('npm run parity -- prod dr', () => {
  it("passes on the repo's prod and dr", async () => {
    const r = await runScript('parity', ['prod', 'dr', '--root', ROOT]);
    expect(r.stdout + r.stderr).toMatch(/^OK: dr equals prod/m);
    expect(r.code).toBe(0);
  });

  it('reports a config value changed in dr only, naming the resource, the field and the dr source', async () => {
    const dir = await repoCopy();
    await cp(
      path.join(ROOT, 'tests/fixtures/dr/configmap-drift.yaml'),
      path.join(dir, 'overlays/dr/patches/configmap-drift.yaml'),
    );
    const k = path.join(dir, 'overlays/dr/kustomization.yaml');
    await writeFile(
      k,
      (await readFile(k, 'utf8')).replace('patches:\n', 'patches:\n  - path: patches/configmap-drift.yaml\n'),
    );
    const r = await runScript('parity', ['prod', 'dr', '--root', dir]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l.includes('DR-001'));
    expect(lines).toHaveLength(1);
    // The finding points at the dr patch line that introduced the difference, not at the base file.
    expect(lines[0]).toMatch(
      /^overlays\/dr\/patches\/configmap-drift\.yaml:7 error DR-001 ConfigMap billing-engine-config: /,
    );
    expect(lines[0]).toContain('data.db-max-open-connections is "50" in dr but "100" in prod');
  });

  it('refuses another pair', async () => {
    const r = await runScript('parity', ['staging', 'prod']);
    expect(r.code).toBe(2);
  });
});
