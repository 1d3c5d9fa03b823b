#!/usr/bin/env tsx
import { parseCli, runMain } from './lib/cli.js';
import { withRepoLock } from './lib/safety/lock.js';
import { rootFrom } from './lib/safety/cwd.js';
import { runTransition } from './lib/dr/command.js';
import { UsageError } from './lib/errors.js';

const HELP = `Usage: npm run switchover -- --demote [--commit [--branch NAME]] [--root DIR]
       npm run switchover -- --promotion-token TOKEN [--commit [--branch NAME]] [--root DIR]

Planned switchover of the PostgreSQL primary from Dhaka to Chittagong (CloudNativePG distributed
topology, declarative switchover). Two changes, in this order:

  1. --demote: Dhaka demotes itself (components/postgres-distributed: primary: chittagong) while
     Chittagong is pinned to keep following Dhaka (overlays/dr/patches/postgres.yaml). Merge it,
     let Argo CD sync zarish-his-prod, then read the token Dhaka publishes:
       kubectl --context dhaka -n zarish-his-prod get cluster postgres-cluster \\
         -o jsonpath='{.status.demotionToken}'
  2. --promotion-token TOKEN: Chittagong is promoted with that token (primary: chittagong and
     promotionToken in overlays/dr, in one change), DNS moves to Chittagong, DR scales up.

Step 1 must land (and sync) first: the token only exists after it. Without --demote or a token
the command refuses and changes nothing (a promotion without a token is a failover: npm run
failover). Each result is rendered and validated (schema, policy, prod/dr parity); on failure
every file is restored.

Options:
  --demote               produce step 1
  --promotion-token T    produce step 2 with Dhaka's status.demotionToken
  --commit               commit the change on a new branch (real git; not pushed)
  --branch NAME          branch for --commit (default dr/switchover-<time>)
  --root DIR             repository root (default: the current directory)
  -h, --help             show this help

Exit codes: 0 changed (or nothing to change), 1 refused or did not validate (nothing changed),
2 usage error (no token, both options), missing file, kustomize or git failed.`;

await runMain('switchover', HELP, async (argv) => {
  const { values } = parseCli(
    argv,
    {
      demote: { type: 'boolean' },
      'promotion-token': { type: 'string' },
      commit: { type: 'boolean' },
      branch: { type: 'string' },
      root: { type: 'string' },
    },
    false,
  );
  const token = values['promotion-token'];
  if (values.demote && token !== undefined)
    throw new UsageError('--demote (step 1) and --promotion-token (step 2) are separate changes: give one');
  if (!values.demote && token === undefined) {
    throw new UsageError(
      "a switchover needs Dhaka's demotion token: run with --demote first " +
        "(step 1), then --promotion-token <status.demotionToken of Dhaka's " +
        'postgres-cluster> (step 2); nothing changed',
    );
  }
  if (token !== undefined && token.trim() === '')
    throw new UsageError('--promotion-token is empty (expected the status.demotionToken value); nothing changed');
  const root = rootFrom(values.root);
  const outcome = await withRepoLock(root, 'switchover', () =>
    runTransition({
      root,
      action: values.demote ? 'switchover-demote' : 'switchover-promote',
      token,
      commit: values.commit ?? false,
      branch: values.branch,
    }),
  );
  (outcome.code === 0 ? process.stdout : process.stderr).write(`${outcome.lines.join('\n')}\n`);
  return outcome.code;
});
