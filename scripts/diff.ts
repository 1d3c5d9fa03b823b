#!/usr/bin/env tsx
import { wantColor } from './lib/color.js';
import { parseCli, runMain } from './lib/cli.js';
import { UsageError } from './lib/errors.js';
import { writeOutput } from './lib/safety/output.js';
import { fromUser, rootFrom } from './lib/safety/cwd.js';
import { listRules } from './lib/rules/docs.js';
import { DIFF_FORMATS, DIFF_RULES, formatDiffReport, runDiff, type DiffFormat } from './lib/diff/index.js';

const ALLOW_ENV = 'ZARISH_ALLOW_DELETIONS';

const HELP = `Usage: npm run diff -- --base REF [--head REF] [options]
       npm run diff -- --list-rules

Renders the base ref and the head (another ref, or by default the working tree) with this
checkout's pipeline, matches resources by Application and identity (group, kind, namespace, name;
the version is not part of it) and reports, per Application, the changes of the Application
itself (project, destination cluster and namespace, source, sync policy) and the resources added,
removed and changed, with a field-level diff of each change. The base ref is checked out in a temporary git
worktree that is always removed; only its manifests are used. A base without clusters/ is empty.

Then it checks the diff for dangerous changes (deletions are listed first):
${DIFF_RULES.map((r) => `  ${r.id} ${r.severity.padEnd(7)} ${r.name}: ${r.description}`).join('\n')}

Options:
  --base REF          git ref to compare against (required), e.g. origin/main
  --head REF          git ref to compare (default: the working tree, uncommitted changes included)
  --format FORMAT     ${DIFF_FORMATS.join(' | ')} (default: pretty). markdown is a pull-request
                      comment that starts with the marker <!-- zarish-his-diff -->
  --output FILE       write the report to FILE instead of stdout
  --validate          also run validate on the head and on the base: the report gets a section with
                      the head's counts and its blocking findings (error findings, collapsed by root
                      cause) that the base does not have. The exit code stays the diff's: the
                      validate job gates error findings.
  --allow-deletions   acknowledge deletions and moves (DIFF-002, DIFF-003, DIFF-005): still reported,
                      no longer blocking.
                      CI sets it when the pull request carries the label allow-deletions.
  --root DIR          repository root (default: the current directory)
  --list-rules        print every dangerous-change rule (id, severity, group, name, description), then exit
  -h, --help          show this help

Environment:
  ${ALLOW_ENV}=true   same as --allow-deletions (what CI sets from the PR label)
  KUSTOMIZE                 the kustomize binary to use; NO_COLOR disables colours, FORCE_COLOR forces them

Exit codes: 0 no blocking finding, 1 a blocking finding (an error not acknowledged),
2 usage error, unknown ref, or a render failure.`;

await runMain('diff', HELP, async (argv) => {
  const { values } = parseCli(
    argv,
    {
      base: { type: 'string' },
      head: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string' },
      'allow-deletions': { type: 'boolean' },
      validate: { type: 'boolean' },
      root: { type: 'string' },
      'list-rules': { type: 'boolean' },
    },
    false,
  );
  if (values['list-rules']) {
    process.stdout.write(listRules(DIFF_RULES));
    return 0;
  }
  if (values.base === undefined)
    throw new UsageError('--base REF is required (the git ref to compare against, e.g. origin/main; see --help)');
  const format = (values.format ?? 'pretty') as DiffFormat;
  if (!DIFF_FORMATS.includes(format))
    throw new UsageError(`--format ${format}: expected one of ${DIFF_FORMATS.join(', ')}`);
  const fromEnv = /^(1|true|yes)$/i.test(process.env[ALLOW_ENV] ?? '');
  const { report, notes } = await runDiff({
    root: rootFrom(values.root),
    base: values.base,
    head: values.head,
    allowDeletions: Boolean(values['allow-deletions']) || fromEnv,
    validate: Boolean(values.validate),
  });
  for (const note of notes) process.stderr.write(`${note}\n`);
  const text = formatDiffReport(format, report, format === 'pretty' && !values.output && wantColor(process.stdout));
  const s = report.summary;
  if (values.output) {
    await writeOutput(fromUser(values.output), text, values.output);
    process.stderr.write(
      `${s.blocking} blocking, ${s.warnings} warnings, ${s.acknowledged}` +
        ` acknowledged; ${s.resources.added} added, ${s.resources.removed}` +
        ` removed, ${s.resources.changed} changed resources; report written to ` +
        `${values.output}\n`,
    );
  } else process.stdout.write(text);
  return s.blocking > 0 ? 1 : 0;
});
