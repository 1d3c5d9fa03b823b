#!/usr/bin/env tsx
import { parseCli, runMain } from './lib/cli.js';
import { writeAllOrNone } from './lib/images/check.js';
import { RULES_DOC } from './lib/rules/docs.js';
import { docsChanges } from './lib/rules/docs-files.js';
import { rootFrom } from './lib/safety/cwd.js';

const HELP = `Usage: npm run docs [-- --check] [--root DIR]

Regenerates what is written about the rules from the metadata in the rule modules
(scripts/lib/validate/rules/<group>/, scripts/lib/diff/rules/): the rule tables of README.md
(between the <!-- rules:validate ... --> and <!-- rules:diff ... --> markers) and ${RULES_DOC}
(one section per rule: what it checks, how to fix it). Both files are written, or neither.

Options:
  --check        write nothing; exit 1 naming the files that differ from what would be generated
  --root DIR     repository root (default: the current directory)
  -h, --help     show this help

Exit codes: 0 up to date (or written), 1 --check found a difference, 2 usage or tool failure.`;

await runMain('docs', HELP, async (argv) => {
  const { values } = parseCli(argv, { check: { type: 'boolean' }, root: { type: 'string' } }, false);
  const root = rootFrom(values.root);
  const stale = (await docsChanges(root)).filter((c) => c.before !== c.after);
  if (values.check) {
    for (const c of stale) process.stderr.write(`${c.file}: out of date with the rule modules (run npm run docs)\n`);
    return stale.length > 0 ? 1 : 0;
  }
  await writeAllOrNone(root, stale);
  process.stdout.write(stale.length > 0 ? `wrote ${stale.map((c) => c.file).join(', ')}\n` : 'up to date\n');
  return 0;
});
