/**
 * Golden tests: one test per directory under fixtures/.
 *   appset.yaml          one or more ApplicationSets (multi-document)
 *   clusters.yaml        optional cluster Secrets (multi-document)
 *   repo/                optional repository tree for git generators
 *   options.yaml         optional RenderInput overrides (argocdNamespace, gitFileGlobbing, inClusterEnabled)
 *   expected.yaml        the exact Applications, in output order (multi-document)
 *   expected-error.txt   for error cases: text the error message must contain
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { AppSetError, renderApplicationSets, workingTreeSource, listingSource } from '../../scripts/lib/appset/index.js';
import type { RenderInput, RepoSource } from '../../scripts/lib/appset/index.js';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));
export const REPO_URL = 'https://github.com/example/gitops.git';

function docs(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => {
      if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0]?.message ?? ''}`);
      return d.toJS() as unknown;
    })
    .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null);
}

const emptyRepo: RepoSource = listingSource(
  async () => ({ files: [], directories: [] }),
  async () => undefined,
);

function inputFor(dir: string): RenderInput {
  const options = docs(join(dir, 'options.yaml'))[0] ?? {};
  const repoDir = join(dir, 'repo');
  return {
    appsets: docs(join(dir, 'appset.yaml')),
    clusterSecrets: docs(join(dir, 'clusters.yaml')),
    repo: existsSync(repoDir) ? workingTreeSource(repoDir) : emptyRepo,
    repoURLs: [REPO_URL],
    ...options,
  };
}

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('ApplicationSet fixtures', () => {
  it('has fixtures', () => {
    expect(cases.length).toBeGreaterThan(10);
  });
  for (const name of cases) {
    const dir = join(FIXTURES, name);
    const errorFile = join(dir, 'expected-error.txt');
    if (existsSync(errorFile)) {
      it(`${name} fails with the expected error`, async () => {
        const expected = readFileSync(errorFile, 'utf8').trim();
        const err = await renderApplicationSets(inputFor(dir)).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(AppSetError);
        expect((err as AppSetError).message).toContain(expected);
      });
    } else {
      it(`${name} renders the expected Applications`, async () => {
        const apps = await renderApplicationSets(inputFor(dir));
        const expected = docs(join(dir, 'expected.yaml'));
        expect(apps.map((a) => a.application)).toEqual(expected);
      });
    }
  }
});
