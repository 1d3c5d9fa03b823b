#!/usr/bin/env tsx
import { parseCli, runMain } from './lib/cli.js';
import { withRepoLock } from './lib/safety/lock.js';
import { rootFrom } from './lib/safety/cwd.js';
import { runTransition } from './lib/dr/command.js';
import { UsageError } from './lib/errors.js';

const HELP = `Usage: npm run failback -- --demote [--commit [--branch NAME]] [--root DIR]
       npm run failback -- --promotion-token TOKEN [--commit [--branch NAME]] [--root DIR]
       npm run failback -- --no-token [--commit [--branch NAME]] [--root DIR]

Moves the PostgreSQL primary and the traffic back from Chittagong to Dhaka (reverses
npm run failover / switchover). Dhaka must first be a caught-up replica of Chittagong: after a
failover, rebuild it from Chittagong (the runbook's "sync data back to primary").

  1. --demote: Chittagong demotes itself (overlays/dr: primary: dhaka, its promotionToken
     removed). Merge it, let Argo CD sync zarish-his-dr, then read its token:
       kubectl --context chittagong -n zarish-his-dr get cluster postgres-cluster \\
         -o jsonpath='{.status.demotionToken}'
  2. --promotion-token TOKEN: Dhaka is promoted with that token (components/postgres-distributed:
     primary: dhaka and promotionToken; overlays/dr removes the inherited token), DNS moves to
     Dhaka, DR scales back down to its standby size.
  --no-token: Dhaka is promoted without a token (Chittagong lost or no token to be had): a
     failover back; Chittagong must then be rebuilt before it is a DR replica again.

Each result is rendered and validated (schema, policy, prod/dr parity); on failure every file is
restored. Prints the runbook steps left to people.

Options:
  --demote               produce step 1
  --promotion-token T    produce step 2 with Chittagong's status.demotionToken
  --no-token             promote Dhaka without a token (Chittagong must be rebuilt)
  --commit               commit the change on a new branch (real git; not pushed)
  --branch NAME          branch for --commit (default dr/failback-<time>)
  --root DIR             repository root (default: the current directory)
  -h, --help             show this help

Exit codes: 0 changed (or nothing to change), 1 refused or did not validate (nothing changed),
2 usage error, missing file, kustomize or git failed.`;

await runMain('failback', HELP, async (argv) => {
  const { values } = parseCli(
    argv,
    {
      demote: { type: 'boolean' },
      'promotion-token': { type: 'string' },
      'no-token': { type: 'boolean' },
      commit: { type: 'boolean' },
      branch: { type: 'string' },
      root: { type: 'string' },
    },
    false,
  );
  const token = values['promotion-token'];
  const modes = [values.demote, token !== undefined, values['no-token']].filter(Boolean).length;
  if (modes !== 1) {
    throw new UsageError(
      'failback needs one of --demote (step 1), --promotion-token ' +
        "<Chittagong's status.demotionToken> (step 2) or --no-token (promote " +
        'Dhaka without a token; Chittagong must then be rebuilt); nothing ' +
        'changed',
    );
  }
  if (token !== undefined && token.trim() === '')
    throw new UsageError('--promotion-token is empty (expected the status.demotionToken value); nothing changed');
  const action = values.demote ? 'failback-demote' : token !== undefined ? 'failback-promote' : 'failback-no-token';
  const root = rootFrom(values.root);
  const outcome = await withRepoLock(root, 'failback', () =>
    runTransition({ root, action, token, commit: values.commit ?? false, branch: values.branch }),
  );
  (outcome.code === 0 ? process.stdout : process.stderr).write(`${outcome.lines.join('\n')}\n`);
  return outcome.code;
});
