/**
 * Adding an environment touches no TypeScript: in a scratch copy of the repository, a `qa`
 * environment between staging and prod is its overlay (a copy of staging's), its AppProject, and one
 * word in clusters/dhaka/cluster.yaml. The promotion order, the commands' environment arguments, the
 * deploy targets, policy.yaml's names and validation all follow from those files.
 */
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnvironments } from '../scripts/lib/clusters.js';
import { parseEnvironment } from '../scripts/lib/images/bump.js';
import { checkOrder } from '../scripts/lib/images/promote.js';
import { loadPipeline } from '../scripts/lib/pipeline.js';
import { policyEnvironments } from '../scripts/lib/policy.js';
import { validate } from '../scripts/lib/validate/run.js';
import { editFile, repoCopy, ROOT } from './helpers.js';

const errorsOf = (r: Awaited<ReturnType<typeof validate>>) =>
  r.findings.filter((f) => f.severity === 'error' && !f.waived);

/** overlays/<from> copied to overlays/<to>, every mention of the environment's name renamed. */
async function copyOverlay(root: string, from: string, to: string): Promise<void> {
  const source = path.join(root, 'overlays', from);
  const target = path.join(root, 'overlays', to);
  await cp(source, target, { recursive: true });
  const files = (await readdir(target, { recursive: true, withFileTypes: true })).filter((d) => d.isFile());
  for (const f of files) {
    const file = path.join(f.parentPath, f.name);
    await writeFile(file, (await readFile(file, 'utf8')).replaceAll(from, to));
  }
}

/** The AppProject of `from` in argocd/base/projects/environments.yaml, appended again for `to`. */
async function copyProject(root: string, from: string, to: string): Promise<void> {
  const file = path.join(root, 'argocd/base/projects/environments.yaml');
  const text = await readFile(file, 'utf8');
  const doc = text.split(/^---$/m).find((d) => d.includes(`name: zarish-his-${from}\n`));
  expect(doc, `the AppProject of ${from}`).toBeDefined();
  await writeFile(file, `${text.trimEnd()}\n---${(doc as string).replaceAll(from, to).trimEnd()}\n`);
}

describe('adding an environment', () => {
  it('qa between staging and prod: overlay, AppProject and cluster.yaml only', async () => {
    const root = await repoCopy();
    await cp(path.join(ROOT, 'policy.yaml'), path.join(root, 'policy.yaml'));
    const validatedBefore = errorsOf(await validate({ root, paths: [], writeRendered: false }));

    await copyOverlay(root, 'staging', 'qa');
    await copyProject(root, 'staging', 'qa');
    await editFile(
      root,
      'clusters/dhaka/cluster.yaml',
      'environments: [dev, staging, prod]',
      'environments: [dev, staging, qa, prod]',
    );

    const order = await loadEnvironments(root);
    expect(order).toEqual(['dev', 'staging', 'qa', 'prod', 'dr']);
    expect(parseEnvironment('qa', order)).toBe('qa');
    expect(() => parseEnvironment('qq', order)).toThrow(/unknown environment "qq" \(did you mean "qa"\?/);
    expect(checkOrder('staging', 'qa', false, order)).toBeUndefined();
    expect(checkOrder('qa', 'prod', false, order)).toBeUndefined();
    expect(() => checkOrder('staging', 'prod', false, order)).toThrow(/skips qa/);
    expect(policyEnvironments(order)).toContain('qa');

    const qa = (await loadPipeline(root)).targets.find((t) => t.name === 'zarish-his-qa');
    expect([qa?.environment, qa?.cluster, qa?.path, qa?.namespace, qa?.application?.project]).toEqual([
      'qa',
      'dhaka',
      'overlays/qa',
      'zarish-his-qa',
      'zarish-his-qa',
    ]);

    const result = await validate({ root, paths: [], writeRendered: false });
    expect(result.units.some((u) => u.environment === 'qa')).toBe(true);
    const show = (fs: ReturnType<typeof errorsOf>) => fs.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`);
    expect(show(errorsOf(result))).toEqual(show(validatedBefore));
  }, 900_000);
});
