#!/usr/bin/env tsx
import { parseCli, runMain } from './lib/cli.js';
import { withRepoLock } from './lib/safety/lock.js';
import { rootFrom } from './lib/safety/cwd.js';
import { loadEnvironments } from './lib/clusters.js';
import { parseBumpArgs, runBump } from './lib/images/bump.js';
import { loadServices, SERVICES_HELP } from './lib/images/services.js';

const HELP = `Usage: npm run bump -- <service> <tag-or-digest> --env <env> [--dry-run] [--root DIR]
       npm run bump -- --all-services <tag-or-digest> --env <env> [--dry-run] [--root DIR]

Sets one service's image (or every service's, with --all-services) in one environment: the
images: entry of overlays/<env>/kustomization.yaml, created if absent. Only that entry's line
changes; comments, blank lines, key order and quoting stay as they are. A digest (sha256:<64 hex>)
is written as digest:, replacing newTag. dr inherits prod's images: bumping dr pins them in
overlays/dr/kustomization.yaml.

After writing, the environment (prod: prod and dr) is rendered with kustomize and validated
(schema and policy checks, policy.yaml); if that finds errors the file is restored.

Arguments:
  <service>          ${SERVICES_HELP}
  <tag-or-digest>    an OCI tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127}) or sha256:<64 hex>

Options:
  --env ENV          dev, staging, prod or dr (required)
  --all-services     set every service to the same tag or digest
  --dry-run          print the unified diff; write nothing
  --root DIR         repository root (default: the current directory)
  -h, --help         show this help

Exit codes: 0 changed and valid (or nothing to change), 1 the result did not validate (file
restored), 2 usage error (bad tag, service or environment; nothing written) or kustomize failed.`;

await runMain('bump', HELP, async (argv) => {
  const { values, positionals } = parseCli(argv, {
    env: { type: 'string' },
    'all-services': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    root: { type: 'string' },
  });
  const root = rootFrom(values.root);
  const catalog = await loadServices(root);
  const environments = await loadEnvironments(root);
  const args = parseBumpArgs(positionals, values.env, values['all-services'] ?? false, catalog, environments);
  const outcome = await withRepoLock(root, 'bump', () =>
    runBump({ root, ...args, dryRun: values['dry-run'] ?? false, catalog }),
  );
  for (const note of outcome.check?.notes ?? []) process.stderr.write(`${note}\n`);
  (outcome.ok ? process.stdout : process.stderr).write(`${outcome.lines.join('\n')}\n`);
  return outcome.ok ? 0 : 1;
});
