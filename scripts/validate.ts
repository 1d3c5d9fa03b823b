#!/usr/bin/env tsx
import { wantColor } from './lib/color.js';
import { parseCli, runMain } from './lib/cli.js';
import { UsageError } from './lib/errors.js';
import { Progress } from './lib/progress.js';
import { isSelection, parseShard } from './lib/select.js';
import { writeOutput } from './lib/safety/output.js';
import { fromUser, rootFrom, userCwd } from './lib/safety/cwd.js';
import { reportFormat, reportFormats, type ReportFormatDef } from './lib/report/index.js';
import { SHOW_KINDS, type ShowKind } from './lib/report/pretty.js';
import { listRules } from './lib/rules/docs.js';
import { applyLimitFlags, LIMIT_HELP, LIMIT_OPTIONS } from './lib/safety/limits.js';
import type { RuleGroup } from './lib/validate/types.js';

// The rules, the checks and the schema libraries are loaded after the first line is printed (dynamic
// imports below), so a run says what it does within a fraction of a second.
const loadRules = async () => {
  const { RULES } = await import('./lib/validate/registry.js');
  return { RULES, GROUPS: [...new Set(RULES.map((r) => r.group))] as readonly RuleGroup[] };
};
const FORMATS = await reportFormats();
const FORMAT_HELP = FORMATS.map((f) => `                               ${f.name.padEnd(12)} ${f.description}`).join(
  '\n',
);

const help = (GROUPS: readonly RuleGroup[]): string => `Usage: npm run validate -- [PATH...] [options]

Without PATH: renders every deploy target (as npm run render does) and validates every resource.
With PATHs: validates those manifests instead; each PATH is one unit (a file, or a directory of
YAML files; a directory with a kustomization.yaml is validated as what it builds).

Options:
  --only GROUPS              comma-separated rule groups to run (${GROUPS.join(', ')})
  --kube-version X.Y         target Kubernetes version (default: from clusters/<name>/cluster.yaml)
  --server                   also run the server group: a real kube-apiserver (local, ephemeral,
                             one per cluster) dry-runs every resource (server-side apply, dryRun=All);
                             needs tools/kube-apiserver/install.sh once
  --kubeconfig FILE          with --server: dry-run against that cluster instead (read-only)
  --context NAME             with --kubeconfig: the context to use (default: its current-context)
  --schema-location LOC      extra schemas: a directory or URL template in kubeconform layout
                             ({group}/{kind}_{version}.json); repeatable
  --format FORMAT            the report format (default: pretty), one of:
${FORMAT_HELP}
  --show KINDS               pretty: also list waived and/or info findings (waived,info, or all);
                             by default they are counted in one line. Pretty lists one block per
                             source file:line, errors first, naming the units it affects; findings
                             with one root cause (same rule, file:line and message but for the
                             resource and unit) are one entry listing the resources they affect,
                             and the counts are of those entries ("1 error (affects 76 resources)")
  --output FILE              write the report to FILE instead of stdout (through a symlink; never
                             onto a device, FIFO or directory)
  --report FORMAT=FILE       also write the report in FORMAT to FILE; repeatable: one run, every
                             format CI needs (e.g. --report sarif=v.sarif --report junit=v.xml)
  --list-rules               print every rule with id, severity, group, name and description, then exit
                             (each rule's fix: docs/rules.md)
  --timings                  print how long each phase took (stderr)
  --target NAME              only this deploy target (repeatable; see npm run render)
  --env ENV                  only the targets of this environment (repeatable: dev, staging, ...)
  --shard I/N                the I-th of N stable shares of the targets, for parallel CI jobs;
                             shard 1 also runs the cross-target checks (argocd, dr)
  --progress                 a line per target on stderr, and pretty findings per target as soon
                             as it is checked (default on a terminal)
  --no-cache                 rebuild and re-check every target (default: reuse the kustomize output
                             and the findings of targets whose input files, kustomize, settings and
                             this tool are unchanged, and the schema verdicts of unchanged resources)
  --root DIR                 repository root (default: the current directory)
${LIMIT_HELP}
  -h, --help                 show this help

Environment: NO_COLOR disables colours, FORCE_COLOR forces them; KUSTOMIZE selects the kustomize
binary; ZARISH_RENDER_CACHE sets the render cache directory (default node_modules/.cache/zarish-his-render).
Exit codes: 0 no error findings, 1 error findings, 2 usage or tool failure.`;

await runMain(
  'validate',
  async () => help((await loadRules()).GROUPS),
  async (argv) => {
    const { values, positionals } = parseCli(argv, {
      only: { type: 'string' },
      'kube-version': { type: 'string' },
      server: { type: 'boolean' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      'schema-location': { type: 'string', multiple: true },
      format: { type: 'string' },
      show: { type: 'string' },
      output: { type: 'string' },
      report: { type: 'string', multiple: true },
      'list-rules': { type: 'boolean' },
      timings: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      target: { type: 'string', multiple: true },
      env: { type: 'string', multiple: true },
      shard: { type: 'string' },
      progress: { type: 'boolean' },
      root: { type: 'string' },
      ...LIMIT_OPTIONS,
    });
    applyLimitFlags(values);
    // Without --list-rules or --only, the rules load after the first line is printed.
    const early = values['list-rules'] || values.only !== undefined ? await loadRules() : undefined;
    if (values['list-rules']) {
      process.stdout.write(listRules(early?.RULES ?? []));
      return 0;
    }
    const format = await reportFormat(values.format ?? 'pretty');
    const show = parseShow(values.show);
    let groups: Set<RuleGroup> | undefined;
    if (values.only !== undefined) {
      const asked = values.only
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean);
      const GROUPS = early?.GROUPS ?? [];
      const unknown = asked.filter((g) => !GROUPS.includes(g as RuleGroup));
      if (unknown.length > 0 || asked.length === 0)
        throw new UsageError(
          `--only ${values.only}: unknown group ${unknown.join(', ') || '(empty)'} (expected ${GROUPS.join(', ')})`,
        );
      groups = new Set(asked as RuleGroup[]);
    }
    const kubeVersion = values['kube-version'];
    if (kubeVersion !== undefined && !/^1\.\d+$/.test(kubeVersion.replace(/^v/, '')))
      throw new UsageError(`--kube-version ${kubeVersion}: expected a minor version like 1.35`);
    if (values.context !== undefined && values.kubeconfig === undefined)
      throw new UsageError('--context needs --kubeconfig FILE');
    if (values.kubeconfig !== undefined && !values.server && !groups?.has('server'))
      throw new UsageError('--kubeconfig needs --server (or --only server)');
    const extra = (values.report ?? []).map((spec) => {
      const m = /^([a-z]+)=(.+)$/.exec(spec);
      const found = FORMATS.find((f) => f.name === m?.[1]);
      if (!m || !found)
        throw new UsageError(
          `--report ${spec}: expected FORMAT=FILE with FORMAT one of ${FORMATS.map((f) => f.name).join(', ')}`,
        );
      return { format: found, file: m[2] as string };
    });
    const root = rootFrom(values.root);
    const selection = {
      targets: values.target,
      envs: values.env,
      shard: values.shard === undefined ? undefined : parseShard(values.shard),
    };
    if (positionals.length > 0 && isSelection(selection))
      throw new UsageError('--target, --env and --shard select deploy targets: not with PATH arguments');
    const color = format.name === 'pretty' && !values.output && wantColor(process.stdout);
    const progress = new Progress({
      progress: Boolean(values.progress) || Boolean(process.stderr.isTTY),
      stream: format.name === 'pretty' && !values.output && (Boolean(values.progress) || Boolean(process.stdout.isTTY)),
      color,
    });
    if (values.progress || process.stderr.isTTY) {
      const what =
        positionals.length > 0
          ? `${positionals.length} path(s)`
          : `rendering and checking the deploy targets of ${root}`;
      process.stderr.write(`validate: ${what}\n`);
    }
    const server =
      values.server || groups?.has('server')
        ? { kubeconfig: values.kubeconfig && fromUser(values.kubeconfig), context: values.context }
        : undefined;
    const [{ RULES }, { validate }, { RenderCache }, { batchSummary }] = await Promise.all([
      early ?? loadRules(),
      import('./lib/validate/run.js'),
      import('./lib/render-cache.js'),
      import('./lib/kustomize-batch.js'),
    ]);
    const result = await validate({
      server,
      selection,
      onUnit: progress.onUnit,
      root,
      paths: positionals,
      cwd: userCwd(),
      groups,
      kubeVersion: kubeVersion?.replace(/^v/, ''),
      schemaLocations: values['schema-location'],
      cache: values['no-cache'] ? undefined : new RenderCache(),
    });
    for (const note of [...result.notes, batchSummary() ?? []].flat()) process.stderr.write(`${note}\n`);
    if (values.timings) {
      const phases = Object.entries(result.timings).map(([phase, s]) => `${phase} ${s.toFixed(2)}s`);
      process.stderr.write(`timings: ${phases.join(', ')}, since start ${(performance.now() / 1000).toFixed(2)}s\n`);
    }
    const model = (f: ReportFormatDef, toFile: boolean) =>
      f.render({
        // the whole, grouped report, also after the lines streamed per target
        findings: result.findings,
        show,
        summary: result.summary,
        // The selected rules, plus any rule a finding names (WVR-001 is raised whatever groups run).
        rules: RULES.filter((r) => result.rules.includes(r) || result.findings.some((f) => f.ruleId === r.id)),
        units: result.units.map((u) => ({ name: u.name, resources: u.resources.map((r) => r.ref) })),
        color: f.name === 'pretty' && !toFile && wantColor(process.stdout),
      });
    const report = model(format, Boolean(values.output));
    for (const r of extra) await writeOutput(fromUser(r.file), model(r.format, true), r.file);
    if (values.output) {
      await writeOutput(fromUser(values.output), report, values.output);
      const s = result.summary;
      process.stderr.write(
        `${s.error} errors, ${s.warning} warnings, ${s.waived} waived in ` +
          `${s.resources} resources; report written to ${values.output}\n`,
      );
    } else process.stdout.write(report);
    return result.summary.error > 0 ? 1 : 0;
  },
);

function parseShow(value: string | undefined): ShowKind[] {
  if (value === undefined) return [];
  const asked = value
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (asked.includes('all')) return [...SHOW_KINDS];
  const unknown = asked.filter((k) => !SHOW_KINDS.includes(k as ShowKind));
  if (unknown.length > 0 || asked.length === 0)
    throw new UsageError(`--show ${value}: expected ${SHOW_KINDS.join(', ')} or all, comma-separated`);
  return asked as ShowKind[];
}
