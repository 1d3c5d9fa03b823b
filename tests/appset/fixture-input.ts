/**
 * Reading a directory of tests/appset/fixtures into a RenderInput (shared by the golden test and
 * the differential test against Argo CD's own code).
 *   appset.yaml          one or more ApplicationSets (multi-document)
 *   clusters.yaml        optional cluster Secrets (multi-document)
 *   repo/                optional repository tree for git generators
 *   options.yaml         optional RenderInput overrides (argocdNamespace, gitFileGlobbing, inClusterEnabled)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { listingSource, workingTreeSource } from '../../scripts/lib/appset/index.js';
import type { RenderInput, RepoSource } from '../../scripts/lib/appset/index.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));
export const REPO_URL = 'https://github.com/example/gitops.git';

export function docs(file: string): Record<string, unknown>[] {
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

export function inputFor(dir: string): RenderInput {
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

/** The fixture directories, sorted. */
export function fixtureCases(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}
