#!/usr/bin/env tsx
import { wantColor } from './lib/color.js';
import { parseCli, runMain } from './lib/cli.js';
import { UsageError } from './lib/errors.js';
import { Progress } from './lib/progress.js';
import { isSelection, parseShard } from './lib/select.js';
import { writeOutput } from './lib/safety/output.js';
import { fromUser, rootFrom, userCwd } from './lib/safety/cwd.js';
import { formatReport, REPORT_FORMATS, type ReportFormat } from './lib/report/index.js';
import { applyLimitFlags, LIMIT_HELP, LIMIT_OPTIONS } from './lib/safety/limits.js';
import type { RuleGroup } from './lib/validate/types.js';

// The rules, the checks and the schema libraries are loaded after the first line is printed (dynamic
// imports below), so a run says what it does within a fraction of a second.
const loadRules = async () => {
  const { RULES } = await import('./lib/validate/registry.js');
  return { RULES, GROUPS: [...new Set(RULES.map((r) => r.group))] as readonly RuleGroup[] };
};

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
  --format FORMAT            ${REPORT_FORMATS.join(' | ')} (default: pretty)
  --output FILE              write the report to FILE instead of stdout (through a symlink; never
                             onto a device, FIFO or directory)
  --report FORMAT=FILE       also write the report in FORMAT to FILE; repeatable: one run, every
                             format CI needs (e.g. --report sarif=v.sarif --report junit=v.xml)
  --list-rules               print every rule with id, severity and description, then exit
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
      for (const r of early?.RULES ?? [])
        process.stdout.write(
          `${r.id.padEnd(9)} ${r.severity.padEnd(8)} ${r.group.padEnd(11)} ${r.name.padEnd(28)} ${r.description}\n`,
        );
      return 0;
    }
    const format = (values.format ?? 'pretty') as ReportFormat;
    if (!REPORT_FORMATS.includes(format))
      throw new UsageError(`--format ${format}: expected one of ${REPORT_FORMATS.join(', ')}`);
    let groups: Set<RuleGroup> | undefined;
    if (values.only !== undefined) {
      const asked = values.only
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean);
      const known = early?.GROUPS ?? [];
      const unknown = asked.filter((g) => !known.includes(g as RuleGroup));
      if (unknown.length > 0 || asked.length === 0)
        throw new UsageError(
          `--only ${values.only}: unknown group ${unknown.join(', ') || '(empty)'} (expected ${known.join(', ')})`,
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
      if (!m || !REPORT_FORMATS.includes(m[1] as ReportFormat))
        throw new UsageError(`--report ${spec}: expected FORMAT=FILE with FORMAT one of ${REPORT_FORMATS.join(', ')}`);
      return { format: m[1] as ReportFormat, file: m[2] as string };
    });
    const root = rootFrom(values.root);
    const selection = {
      targets: values.target,
      envs: values.env,
      shard: values.shard === undefined ? undefined : parseShard(values.shard),
    };
    if (positionals.length > 0 && isSelection(selection))
      throw new UsageError('--target, --env and --shard select deploy targets: not with PATH arguments');
    const color = format === 'pretty' && !values.output && wantColor(process.stdout);
    const progress = new Progress({
      progress: Boolean(values.progress) || Boolean(process.stderr.isTTY),
      stream: format === 'pretty' && !values.output && (Boolean(values.progress) || Boolean(process.stdout.isTTY)),
      color,
    });
    if (values.progress || process.stderr.isTTY)
      process.stderr.write(
        `validate: ${positionals.length > 0 ? `${positionals.length} path(s)` : 'rendering and checking the deploy'}` +
          `${positionals.length > 0 ? '' : ` targets of ${root}`}\n`,
      );
    const [{ RULES }, { validate }, { RenderCache }] = await Promise.all([
      early ?? loadRules(),
      import('./lib/validate/run.js'),
      import('./lib/render-cache.js'),
    ]);
    const server =
      values.server || groups?.has('server')
        ? { kubeconfig: values.kubeconfig && fromUser(values.kubeconfig), context: values.context }
        : undefined;
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
    for (const note of result.notes) process.stderr.write(`${note}\n`);
    if (values.timings) {
      const phases = Object.entries(result.timings).map(([phase, s]) => `${phase} ${s.toFixed(2)}s`);
      process.stderr.write(`timings: ${phases.join(', ')}, since start ${(performance.now() / 1000).toFixed(2)}s\n`);
    }
    const model = (f: ReportFormat, toFile: boolean) =>
      formatReport(f, {
        // pretty findings already streamed per target are not printed twice
        findings: toFile ? result.findings : progress.remaining(result.findings),
        summary: result.summary,
        // The selected rules, plus any rule a finding names (WVR-001 is raised whatever groups run).
        rules: RULES.filter((r) => result.rules.includes(r) || result.findings.some((f) => f.ruleId === r.id)),
        units: result.units.map((u) => ({ name: u.name, resources: u.resources.map((r) => r.ref) })),
        color: f === 'pretty' && !toFile && wantColor(process.stdout),
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
