#!/usr/bin/env tsx
import { parseCli, runMain } from './lib/cli.js';
import { withRepoLock } from './lib/safety/lock.js';
import { rootFrom } from './lib/safety/cwd.js';
import { UsageError } from './lib/errors.js';
import { parseEnvironment, parseService } from './lib/images/bump.js';
import { runPromote } from './lib/images/promote.js';
import { loadEnvironments } from './lib/clusters.js';
import { loadServices, serviceNames, SERVICES_HELP } from './lib/images/services.js';

const HELP = `Usage: npm run promote -- <from-env> <to-env> [--service S]... [--force] [--dry-run] [--root DIR]

Copies the images (tags or digests) that <from-env> runs into <to-env>. What <from-env> runs is
read from its kustomize render, so inherited and patched images count. Each differing service is
set in overlays/<to-env>/kustomization.yaml (only those lines change), the result is rendered and
validated (schema and policy checks), and the file is restored if that finds errors. Prints a
table of what changed.

Promotion order: the environments of clusters/*/cluster.yaml (spec.environments), primary clusters
first, then DR clusters (e.g. dev -> staging -> prod -> dr); skipping a step or going back needs
--force.
prod -> dr: dr builds on prod, so without pins in overlays/dr it already runs prod's images
(nothing to do); pins that differ are updated.

Options:
  --service S    only this service (repeatable; default: every service, ${SERVICES_HELP})
  --force        allow a promotion that skips a step or goes backwards
  --dry-run      print the table and the unified diff; write nothing
  --root DIR     repository root (default: the current directory)
  -h, --help     show this help

Exit codes: 0 promoted (or nothing to do), 1 the result did not validate (file restored),
2 usage error or kustomize failed.`;

await runMain('promote', HELP, async (argv) => {
  const { values, positionals } = parseCli(argv, {
    service: { type: 'string', multiple: true },
    force: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    root: { type: 'string' },
  });
  if (positionals.length !== 2)
    throw new UsageError(`expected <from-env> <to-env> (got ${positionals.length} arguments; see --help)`);
  const root = rootFrom(values.root);
  const environments = await loadEnvironments(root);
  const from = parseEnvironment(positionals[0], environments, '<from-env>');
  const to = parseEnvironment(positionals[1], environments, '<to-env>');
  const catalog = await loadServices(root);
  const services =
    values.service && values.service.length > 0
      ? [...new Set(values.service.map((s) => parseService(s, catalog)))]
      : serviceNames(catalog);
  const outcome = await withRepoLock(root, 'promote', () =>
    runPromote({ root, from, to, services, force: values.force ?? false, dryRun: values['dry-run'] ?? false }),
  );
  for (const note of outcome.notes) process.stderr.write(`${note}\n`);
  (outcome.ok ? process.stdout : process.stderr).write(`${outcome.lines.join('\n')}\n`);
  return outcome.ok ? 0 : 1;
});
