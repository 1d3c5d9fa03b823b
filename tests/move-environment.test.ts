/**
 * Moving an environment to another cluster (CONTRIBUTING.md): the cluster files alone leave one
 * ARGO-002 root cause (the project's destinations), not one finding per resource; with the project
 * edited too, the repo validates.
 */
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../scripts/lib/validate/run.js';
import { editFile, repoCopy, ROOT } from './helpers.js';

describe('moving staging from dhaka to chittagong', () => {
  it('is one ARGO-002 at the project destinations until the project moves too, then clean', async () => {
    const root = await repoCopy();
    await cp(path.join(ROOT, 'policy.yaml'), path.join(root, 'policy.yaml'));
    await editFile(root, 'clusters/dhaka/cluster.yaml', 'environments: [dev, staging, prod]', 'environments: [dev, prod]');
    await editFile(root, 'clusters/chittagong/cluster.yaml', 'environments: [dr]', 'environments: [staging, dr]');
    const half = await validate({ root, paths: [], groups: new Set(['argocd']), writeRendered: false });
    const errors = half.findings.filter((f) => f.severity === 'error' && !f.waived);
    const projects = await readFile(path.join(root, 'argocd/projects/environments.yaml'), 'utf8');
    const lines = projects.split('\n');
    const stagingAt = lines.findIndex((l) => l.includes('name: zarish-his-staging'));
    const destinationsLine = lines.findIndex((l, i) => i > stagingAt && l.trim() === 'destinations:') + 1;
    expect(errors.map((f) => [f.ruleId, f.file, f.line, f.resource?.kind, f.resource?.name])).toEqual([
      ['ARGO-002', 'argocd/projects/environments.yaml', destinationsLine, 'AppProject', 'zarish-his-staging'],
    ]);
    expect(errors[0]?.message).toMatch(/does not allow destination https:\/\/chittagong\.k8s\.zarishsphere\.com:6443 namespace zarish-his-staging of Application zarish-his-staging .*none of the \d{2,} resources it writes there can sync/);

    await editFile(root, 'argocd/projects/environments.yaml', new RegExp(`(name: zarish-his-staging[\\s\\S]*?server: )https://dhaka\\.k8s`), '$1https://chittagong.k8s');
    const moved = await validate({ root, paths: [], writeRendered: false });
    expect(moved.findings.filter((f) => f.severity === 'error' && !f.waived).map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`)).toEqual([]);
  }, 600_000);
});
