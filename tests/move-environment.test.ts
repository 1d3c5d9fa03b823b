/**
 * Moving an environment to another cluster (CONTRIBUTING.md "Move an environment"), with one Argo CD per
 * site deploying in-cluster: every site carries every project, so the projects do not change. The two
 * cluster files move the Application to Chittagong's Argo CD; what is left is the environment's Vault
 * Kubernetes auth mount (one per cluster), DR-003 at the base SecretStore until the overlay patches it.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../scripts/lib/pipeline.js';
import { validate } from '../scripts/lib/validate/run.js';
import { editFile, repoCopy, ROOT } from './helpers.js';

const errorsOf = (r: Awaited<ReturnType<typeof validate>>) =>
  r.findings.filter((f) => f.severity === 'error' && !f.waived);

describe('moving staging from dhaka to chittagong', () => {
  it("takes the two cluster files and the overlay's Vault mount: DR-003 at " +
    "the SecretStore until then, then clean, run by Chittagong's Argo CD", async () => {
    const root = await repoCopy();
    await cp(path.join(ROOT, 'policy.yaml'), path.join(root, 'policy.yaml'));

    // Adding it to chittagong first is refused: an environment lives on one cluster.
    await editFile(root, 'clusters/chittagong/cluster.yaml', 'environments: [dr]', 'environments: [staging, dr]');
    await expect(validate({ root, paths: [], writeRendered: false })).rejects.toThrow(
      /clusters\/(dhaka|chittagong)\/cluster\.yaml: environment staging is also hosted by cluster (chittagong|dhaka)/,
    );

    await editFile(
      root,
      'clusters/dhaka/cluster.yaml',
      'environments: [dev, staging, prod]',
      'environments: [dev, prod]',
    );
    const before = (await loadPipeline(root)).targets.find((t) => t.name === 'zarish-his-staging');
    expect([before?.cluster, before?.application?.instance, before?.application?.server]).toEqual([
      'chittagong',
      'chittagong',
      'https://chittagong.k8s.zarishsphere.com:6443',
    ]);

    const half = errorsOf(await validate({ root, paths: [], writeRendered: false }));
    const store = (await readFile(path.join(root, 'base/secrets/secretstore.yaml'), 'utf8')).split('\n');
    const mountLine = store.findIndex((l) => l.trim() === 'mountPath: kubernetes-dhaka') + 1;
    expect(mountLine).toBeGreaterThan(0);
    expect([
      ...new Set(half.map((f) => JSON.stringify([f.ruleId, f.file, f.line, f.resource?.kind, f.resource?.name]))),
    ]).toEqual([
      JSON.stringify(['DR-003', 'base/secrets/secretstore.yaml', mountLine, 'SecretStore', 'vault-backend']),
    ]);
    expect(half.map((f) => f.message).join('\n')).toMatch(
      /"kubernetes-dhaka" .* used by clusters chittagong and dhaka: .*chittagong's ExternalSecrets can fail/,
    );

    await editFile(
      root,
      'overlays/staging/kustomization.yaml',
      'patches:\n',
      'patches:\n  - path: patches/secretstore.yaml\n',
    );
    await writeFile(
      path.join(root, 'overlays/staging/patches/secretstore.yaml'),
      [
        'apiVersion: external-secrets.io/v1',
        'kind: SecretStore',
        'metadata:',
        '  name: vault-backend',
        'spec:',
        '  provider:',
        '    vault:',
        '      auth:',
        '        kubernetes:',
        '          mountPath: kubernetes-chittagong',
        '',
      ].join('\n'),
    );
    const moved = await validate({ root, paths: [], writeRendered: false });
    expect(errorsOf(moved).map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`)).toEqual([]);
    const after = (await loadPipeline(root)).targets.find((t) => t.name === 'zarish-his-staging');
    expect([after?.cluster, after?.application?.instance, after?.application?.project]).toEqual([
      'chittagong',
      'chittagong',
      'zarish-his-staging',
    ]);
  }, 600_000);
});
