#!/usr/bin/env tsx
import path from 'node:path';
import { parseCli, runMain } from './lib/cli.js';
import { UsageError } from './lib/errors.js';
import { pinnedVersions, VERSION_FILE } from './lib/versions.js';

const HELP = `Usage: npm run --silent tool-versions -- [argocd|kustomize] [--root DIR]

Prints the tool versions this repo is pinned to: the Argo CD release in ${VERSION_FILE}, and the
kustomize that release bundles (what CI installs and what render compares against).
With a name, prints only that version (for scripts).`;

await runMain('tool-versions', HELP, async (argv) => {
  const { values, positionals } = parseCli(argv, { root: { type: 'string' } });
  const pinned = await pinnedVersions(path.resolve(values.root ?? '.'));
  const which = positionals[0];
  if (positionals.length > 1 || (which !== undefined && which !== 'argocd' && which !== 'kustomize'))
    throw new UsageError(`expected "argocd" or "kustomize", got ${positionals.join(' ')}`);
  if (which) process.stdout.write(`${pinned[which]}\n`);
  else process.stdout.write(`argocd    ${pinned.argocd}\nkustomize ${pinned.kustomize}\n`);
  return 0;
});
