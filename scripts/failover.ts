#!/usr/bin/env tsx
import { parseCli, runMain } from './lib/cli.js';
import { withRepoLock } from './lib/safety/lock.js';
import { rootFrom } from './lib/safety/cwd.js';
import { runTransition } from './lib/dr/command.js';

const HELP = `Usage: npm run failover -- [--commit [--branch NAME]] [--root DIR]

Disaster recovery failover to Chittagong (Dhaka lost): writes the git change the runbook's
"promote DR database, update DNS, scale up DR services" steps need, for the CloudNativePG
distributed topology. What the failover needs is in overlays/dr, which Chittagong's own Argo CD
applies (no need for Dhaka's):
  - chittagong (overlays/dr/patches/postgres.yaml): replica.primary: chittagong, no token
  - DR HPAs (overlays/dr/patches/hpa.yaml): minReplicas up to prod's
  - traffic (overlays/*/patches/dns.yaml): external-dns publishes the hosts from Chittagong only
and, applied by Dhaka's Argo CD only when Dhaka is back, the fence and its rebuild:
  - dhaka (components/postgres-distributed/cluster.yaml): replica.primary: chittagong (never a
    second primary), bootstrap pg_basebackup from chittagong with prod's database, owner and
    secret, and the next serverName (dhaka -> dhaka-2; the old one retired), so the re-created
    Dhaka is accepted by CloudNativePG and archives into an empty archive
Without a demotion token this is a failover: Dhaka is rebuilt (delete its postgres-cluster and
PVCs; its Argo CD re-creates it) before npm run failback. With Dhaka reachable, use npm run
switchover instead.

The result is rendered and validated (schema, policy, prod/dr parity) and the rendered Clusters
are checked; on failure every file is restored. Prints the runbook steps left to people.

Options:
  --commit        commit the change on a new branch (real git; not pushed)
  --branch NAME   branch for --commit (default dr/failover-<time>)
  --root DIR      repository root (default: the current directory)
  -h, --help      show this help

Exit codes: 0 changed (or nothing to change), 1 refused or did not validate (nothing changed),
2 usage error, missing file, kustomize or git failed.`;

await runMain('failover', HELP, async (argv) => {
  const { values } = parseCli(
    argv,
    { commit: { type: 'boolean' }, branch: { type: 'string' }, root: { type: 'string' } },
    false,
  );
  const root = rootFrom(values.root);
  const outcome = await withRepoLock(root, 'failover', () =>
    runTransition({ root, action: 'failover', commit: values.commit ?? false, branch: values.branch }),
  );
  (outcome.code === 0 ? process.stdout : process.stderr).write(`${outcome.lines.join('\n')}\n`);
  return outcome.code;
});
