#!/usr/bin/env tsx
import path from 'node:path';
import { parseCli, runMain } from './lib/cli.js';
import { runParity } from './lib/dr/parity-command.js';

const HELP = `Usage: npm run parity -- prod dr [--root DIR]

Renders prod and dr with kustomize and checks that dr equals prod (rule DR-001), except for the
commented allow list overlays/dr/parity-allowlist.yaml: replica counts, hostnames, CloudNativePG
member settings, serverName, namespace names, the Vault role, smaller resources. Resources are
matched by API group, kind and name, ignoring the namespace. Every other difference (an image
tag, a config value, a resource only one side has) is reported with the resource, the field path
and the dr source file and line. \`npm run validate\` runs the same check (group dr).

Options:
  --root DIR   repository root (default: the current directory)
  -h, --help   show this help

Exit codes: 0 in parity, 1 differences found, 2 usage error or kustomize failed.`;

await runMain('parity', HELP, async (argv) => {
  const { values, positionals } = parseCli(argv, { root: { type: 'string' } });
  const outcome = await runParity(path.resolve(values.root ?? '.'), positionals);
  for (const note of outcome.notes) process.stderr.write(`${note}\n`);
  process.stdout.write(`${outcome.lines.join('\n')}\n`);
  return outcome.findings.some((f) => f.severity === 'error') ? 1 : 0;
});
