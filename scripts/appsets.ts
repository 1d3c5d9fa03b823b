#!/usr/bin/env tsx
import path from 'node:path';
import { stringify } from 'yaml';
import { applicationsToTable, gitRefSource, workingTreeSource } from './lib/appset/index.js';
import { loadArgo } from './lib/argocd.js';
import { parseCli, runMain } from './lib/cli.js';
import { UsageError } from './lib/errors.js';
import { findKustomize } from './lib/kustomize.js';

const FORMATS = ['table', 'yaml', 'json'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: npm run appsets -- [--format table|yaml|json] [--ref GIT_REF] [--root DIR]

Renders the repo's ApplicationSets offline, exactly as the ApplicationSet controller would: reads
every app of apps (argocd/<cluster>/bootstrap.yaml for each cluster with hostsArgoCD, or a single
argocd/bootstrap.yaml), builds what each deploys (the ApplicationSets and any cluster Secrets), runs
each Argo CD's generators against the working tree (or GIT_REF for git generators) and prints the
generated Applications of every instance. No cluster, no API server.

Options:
  --format F   table (default), yaml (a multi-document stream) or json (an array of Applications)
  --ref REF    read git generator files and directories at this git ref instead of the working tree
  --root DIR   repository root (default: the current directory)
  -h, --help   show this help

Where the controller would generate fewer Applications than a set describes (a generator or
template failing, duplicate or invalid names), the reason goes to stderr, naming the set, and the
Applications the controller does create are still printed.

Exit codes: 0 rendered, 1 an ApplicationSet does not generate all its Applications, 2 bad usage or tool error.`;

await runMain('appsets', HELP, async (argv) => {
  const { values } = parseCli(
    argv,
    { format: { type: 'string' }, ref: { type: 'string' }, root: { type: 'string' } },
    false,
  );
  const format = (values.format ?? 'table') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format ${format}: expected one of ${FORMATS.join(', ')}`);
  const root = path.resolve(values.root ?? '.');
  const repo = values.ref ? gitRefSource(root, values.ref) : workingTreeSource(root);
  const model = await loadArgo(root, await findKustomize(), repo);
  const generated = model.applications.filter((a) => a.appset !== undefined);
  if (format === 'json')
    process.stdout.write(
      `${JSON.stringify(
        generated.map((a) => a.object),
        null,
        2,
      )}\n`,
    );
  else if (format === 'yaml') process.stdout.write(generated.map((a) => stringify(a.object)).join('---\n'));
  else
    process.stdout.write(
      applicationsToTable(generated.map((a) => ({ appset: a.appset as string, application: a.object }))),
    );
  for (const e of model.appsetErrors) process.stderr.write(`appsets: ${e.message}\n`);
  return model.appsetErrors.length > 0 ? 1 : 0;
});
