#!/usr/bin/env tsx
import { rmdir } from 'node:fs/promises';
import path from 'node:path';
import { parseCli, runMain } from './lib/cli.js';
import { loadEnvironments } from './lib/clusters.js';
import { UsageError } from './lib/errors.js';
import { applyAndCheck, describeFindings, preexistingLines, summaryLine } from './lib/images/check.js';
import { showVersion } from './lib/images/refs.js';
import { planService, serviceSpec } from './lib/scaffold/service.js';

const HELP = `Usage: npm run new-service -- <name> --tag TAG [--image REGISTRY/PATH/NAME]
         [--component backend|frontend] [--dry-run] [--root DIR]

Adds a service that every environment deploys:
  base/<name>/                 Deployment (image <image>:set-by-overlay), Service, ServiceAccount,
                               Role, RoleBinding, ConfigMap, HPA, PDB, ServiceMonitor
  base/kustomization.yaml      lists base/<name> after the other services
  overlays/{dev,staging,prod}  an images: entry with --tag (dr builds on prod and inherits it)
  overlays/{dev,staging}/patches/hpa.yaml   one replica (their quotas are small)
  ResourceQuotas               pods raised by the new pods at peak (base: 6, dev and staging: 1)
Nothing else needs to change: network policies select services by app.kubernetes.io/component,
Argo CD deploys base/ through the overlays, and bump, promote and parity read the services from
base/. Then every environment is rendered and validated; if the service adds an error finding,
every file is put back. Edit what the scaffold guessed (ports 8080/9090, /health and /ready, sizes,
RBAC) before merging; CONTRIBUTING.md lists what a service may also want (ingress route, secrets,
dashboard).

Arguments:
  <name>             DNS-1123 label (lower-case letters, digits, '-'), at most 40 characters

Options:
  --tag TAG          the image tag (or sha256:<64 hex> digest) every environment deploys (required)
  --image NAME       image name without tag (default: the existing services' registry path + <name>)
  --component C      backend (reaches PostgreSQL, Redis, Kafka) or frontend (Redis only); default backend
  --dry-run          list the files it would write; write nothing
  --root DIR         repository root (default: the current directory)
  -h, --help         show this help

Exit codes: 0 added and valid, 1 the result did not validate (every file put back), 2 usage error
(bad or existing name, bad tag; nothing written) or kustomize failed.`;

await runMain('new-service', HELP, async (argv) => {
  const { values, positionals } = parseCli(argv, {
    tag: { type: 'string' },
    image: { type: 'string' },
    component: { type: 'string' },
    'dry-run': { type: 'boolean' },
    root: { type: 'string' },
  });
  if (positionals.length !== 1)
    throw new UsageError(`expected one <name> (got ${positionals.length} arguments; see --help)`);
  const root = path.resolve(values.root ?? '.');
  const spec = await serviceSpec(root, positionals[0] as string, {
    tag: values.tag,
    image: values.image,
    component: values.component,
  });
  const { changes, notes } = await planService(root, spec);
  const list = changes.map((c) => `  ${c.before === undefined ? 'new    ' : 'changed'} ${c.file}`);
  if (values['dry-run']) {
    const title = `new-service ${spec.name} (${spec.image}:${showVersion(spec.version)}, ${spec.component})`;
    process.stdout.write(`${[`${title} would write:`, ...list, 'dry run: nothing written'].join('\n')}\n`);
    return 0;
  }
  // applyAndCheck puts every file back on refusal or failure; the folder it created goes too.
  const removeFolder = () => rmdir(path.join(root, 'base', spec.name)).catch(() => undefined);
  const outcome = await applyAndCheck(root, changes, await loadEnvironments(root)).catch(async (error: unknown) => {
    await removeFolder();
    throw error;
  });
  const { result, kept, introduced, preexisting } = outcome;
  for (const note of result.notes) process.stderr.write(`${note}\n`);
  if (!kept) {
    await removeFolder();
    const refused = `refused: with ${spec.name} the environments would not validate; every file put back`;
    process.stderr.write(`${[refused, describeFindings(introduced)].join('\n')}\n`);
    return 1;
  }
  const added = [
    `added ${spec.name} (${spec.image}:${showVersion(spec.version)}, ${spec.component}):`,
    ...list,
    ...notes,
    ...preexistingLines(preexisting),
    `validated dev, staging, prod, dr: ${summaryLine(result)}`,
  ];
  process.stdout.write(`${added.join('\n')}\n`);
  return 0;
});
