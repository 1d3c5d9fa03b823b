#!/usr/bin/env tsx
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  type BenchLayout,
  canMeasureCpu,
  generateBenchRepo,
  SERVICES_PER_APP,
  generateStream,
  measureBareBuilds,
  measureCommand,
  median,
  timeToFirstStderr,
  type Cost,
} from './lib/bench.js';
import { KUBECTL_VALIDATE_VERSION, writeKubeconformSchemas, writeKubectlValidateCrds } from './lib/bench-schemas.js';
import { parseCli, runMain } from './lib/cli.js';
import { ToolError, UsageError } from './lib/errors.js';
import { writeFileAtomic } from './lib/fsutil.js';
import { loadPipeline } from './lib/pipeline.js';
import { TOOL_ROOT } from './lib/paths.js';
import { renderTargets } from './lib/render.js';

const HELP = `Usage: npm run bench -- [--services N] [--layout base|apps] [--streams N,N] [--streams-only] [--large]
                        [--runs R] [--json FILE] [--kubeconform-schemas LOC] [--keep] [--root DIR]

Measures, in one run, the goals of the speed work, as ratios (CPU seconds from GNU time, children
included, so that a shared machine compares fairly; wall seconds too):
  1. npm run validate on the repo (fresh process, no render cache) against the bare parallel
     kustomize builds of the same targets (goal: within 1.5x);
  2. validate again after a one-file change, with the render cache (goal: within 1.0x of the
     bare builds);
  3. schema validation (validate --only schema) of one YAML stream of 10,000 resources: CPU per
     resource, against kubeconform -strict and kubectl-validate when they are on PATH (goal: at
     least kubeconform's throughput), and peak memory (goal at 50,000: at most 2x kubeconform's);
  4. a synthetic repo (the repo plus N services cloned from patient-registry in all four
     environments): validate against the bare builds, and peak memory per resource;
  6. with --large, the 50,000-resource stream and synthetic repos of 250, 500 and 1,000 services
     (about 40,000 resources) in the apps layout: validate against the bare builds, and whether
     memory grows linearly (goal: the 1,000-service peak within 1.15x of the line through the
     250 and 500-service peaks);
  5. time to first output: wall seconds from starting validate --progress to its first line
     (goal: under 1 s; median of 3).
Each repo case and its bare builds are measured side by side, round by round (--runs R rounds,
medians), so a slow spell of a shared machine falls on both. Progress goes to stderr; the table
and each goal's ratio (met or not) to stdout; everything also to a JSON file.

Options:
  --services N     synthetic services (default 20)
  --layout L       where they go: base (default: into base/, so every overlay deploys them all;
                   kustomize's time grows with the square of an overlay's resources) or apps
                   (groups of 25 under services/, one Argo CD Application per group and
                   environment, as a thousand-service platform is laid out)
  --streams LIST   stream sizes (default 10000)
  --streams-only   only the streams (--streams 50000 --streams-only: the 50,000-resource stream
                   without the repos); the same JSON, without the repo rows (time to first
                   output not measured)
  --large          also the 50,000-resource stream and the 250, 500 and 1,000-service repos
                   in the apps layout: tens of minutes, a GB of memory and of disk
  --runs R         runs per measurement, median reported (default 1)
  --json FILE      where to write the results (default bench.json)
  --kubeconform-schemas LOC  kubeconform's -schema-location (default: JSON Schemas generated from
                   this repo's own sources into the temporary directory: built-in kinds from the
                   client-node types, custom resources from the imported CRDs)
  --keep           keep the temporary directory and print its path
  --root DIR       repository root (default: the current directory)`;

const CONCURRENCY = Math.max(2, os.cpus().length);
/** --large: the memory-linearity series, services in the apps layout (1,000: about 40,000 resources) */
const LARGE_SERVICES = [250, 500, 1000];
const VALIDATE = path.join(TOOL_ROOT, 'dist/scripts/validate.js');

const progress = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};

interface Row {
  readonly case: string;
  /** which goal the row measures */
  readonly kind: 'cold' | 'change' | 'stream' | 'synthetic';
  /** a point of the --large memory-linearity series (synthetic repos in the apps layout) */
  readonly scale?: boolean;
  readonly resources: number;
  readonly ours: Cost;
  readonly baseline?: { readonly name: string; readonly cost: Cost } | undefined;
  readonly others?: { readonly name: string; readonly cost: Cost | undefined; readonly note?: string }[];
  readonly goal: string;
}

function medianCost(costs: readonly Cost[]): Cost {
  const first = costs[0] as Cost;
  const m = (pick: (c: Cost) => number | undefined): number | undefined =>
    costs.every((c) => pick(c) !== undefined) ? median(costs.map((c) => pick(c) as number)) : undefined;
  return { ...first, wall: median(costs.map((c) => c.wall)), cpu: m((c) => c.cpu), rssMiB: m((c) => c.rssMiB) };
}

interface Measured {
  readonly label: string;
  readonly run: () => Promise<Cost>;
}

/**
 * Runs each case once per round, `runs` rounds, and gives each case's median: a case and the
 * baseline it is compared with are measured side by side, so a slow spell of a shared machine
 * falls on both.
 */
async function paired(runs: number, cases: readonly Measured[]): Promise<Cost[]> {
  const costs: Cost[][] = cases.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [j, { label, run }] of cases.entries()) {
      const cost = await run();
      progress(
        `${label}${runs > 1 ? ` (run ${i + 1}/${runs})` : ''}: ` +
          `${cost.wall.toFixed(2)} s wall` +
          `${cost.cpu !== undefined ? `, ${cost.cpu.toFixed(2)} s CPU, ${cost.rssMiB?.toFixed(0)} MiB peak` : ''}`,
      );
      costs[j]?.push(cost);
    }
  }
  return costs.map(medianCost);
}

async function repeat(runs: number, label: string, run: () => Promise<Cost>): Promise<Cost> {
  const [cost] = await paired(runs, [{ label, run }]);
  return cost as Cost;
}

function validateCost(root: string, args: readonly string[], cacheDir?: string): Promise<Cost> {
  // the bare builds have no time limit; a large synthetic repo's overlays take kustomize minutes each
  const unlimited = ['--timeout', '240m'];
  return measureCommand(process.execPath, [VALIDATE, '--root', root, '--format', 'json', ...unlimited, ...args], {
    env: {
      ...(process.env as Record<string, string>),
      NO_COLOR: '1',
      ...(cacheDir ? { ZARISH_RENDER_CACHE: cacheDir } : {}),
    },
  });
}

function resourcesOf(cost: Cost, what: string): number {
  if (cost.exitCode === 2)
    throw new ToolError(`validate failed on ${what}: ${cost.stderr.trim().split('\n').at(-1) ?? ''}`);
  return (JSON.parse(cost.stdout) as { summary: { resources: number } }).summary.resources;
}

function onPath(name: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(path.delimiter), path.join(os.homedir(), 'go', 'bin')]) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** A repo: validate cold against the bare builds; then one file changed, validate with the cache. */
async function repoRows(label: string, root: string, runs: number, tmp: string, withChange: boolean): Promise<Row[]> {
  const pipeline = await loadPipeline(root);
  const dirs = pipeline.targets.map((t) => path.join(root, t.path));
  progress(`${label}: ${pipeline.targets.length} targets`);
  const cacheDir = path.join(tmp, `cache-${label.replace(/\W+/g, '-')}-${Date.now()}`);
  const file = path.join(root, 'overlays/dev/patches/hpa.yaml');
  const original = withChange ? await readFile(file, 'utf8') : '';
  if (withChange) await validateCost(root, [], cacheDir); // warm the cache
  let n = 0;
  const cases: Measured[] = [
    { label: `${label}: bare kustomize builds`, run: () => measureBareBuilds(pipeline.kustomize, dirs, CONCURRENCY) },
    { label: `${label}: validate --no-cache`, run: () => validateCost(root, ['--no-cache']) },
  ];
  if (withChange)
    cases.push({
      label: `${label}: validate after a one-file change (render cache)`,
      run: async () => {
        await writeFile(file, `${original}# bench edit ${++n}\n`);
        return validateCost(root, [], cacheDir);
      },
    });
  let costs: Cost[];
  try {
    costs = await paired(runs, cases);
  } finally {
    if (withChange) await writeFile(file, original);
  }
  const [bare, cold, after] = costs as [Cost, Cost, Cost | undefined];
  const resources = resourcesOf(cold, label);
  const rows: Row[] = [
    {
      kind: label === 'this repo' ? 'cold' : 'synthetic',
      case: `${label}: validate (no cache)`,
      resources,
      ours: cold,
      baseline: { name: 'bare kustomize builds', cost: bare },
      goal: '<= 1.5x',
    },
  ];
  if (after)
    rows.push({
      kind: 'change',
      case: `${label}: re-validate after a one-file change`,
      resources,
      ours: after,
      baseline: { name: 'bare kustomize builds', cost: bare },
      goal: '<= 1.0x',
    });
  return rows;
}

async function streamRow(
  size: number,
  rendered: readonly string[],
  tmp: string,
  root: string,
  runs: number,
  schemas: string,
): Promise<Row> {
  const file = path.join(tmp, `stream-${size}.yaml`);
  await writeFile(file, generateStream(rendered, size));
  const ours = await repeat(runs, `stream of ${size}: validate --only schema`, () =>
    validateCost(root, [file, '--only', 'schema']),
  );
  const others: { name: string; cost: Cost | undefined; note?: string }[] = [];
  const kubeconform = onPath('kubeconform');
  // A one-document probe first: without its schemas (downloaded by default) kubeconform retries
  // every resource and measures nothing useful.
  const probe = path.join(tmp, 'probe.yaml');
  await writeFile(probe, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: probe\n');
  const usable = kubeconform
    ? (await measureCommand(kubeconform, ['-strict', '-schema-location', schemas, probe])).exitCode === 0
    : false;
  if (kubeconform && !usable)
    others.push({
      name: 'kubeconform -strict',
      cost: undefined,
      note: `its schemas could not be loaded from ${schemas}: skipped (use --kubeconform-schemas DIR)`,
    });
  else if (kubeconform) {
    const cost = await repeat(runs, `stream of ${size}: kubeconform -strict`, () =>
      measureCommand(kubeconform, ['-strict', '-summary', '-schema-location', schemas, file]),
    );
    // without its schemas (they are downloaded by default) kubeconform measures nothing useful
    if (/failed downloading schema|could not find schema/i.test(cost.stdout + cost.stderr))
      others.push({
        name: 'kubeconform -strict',
        cost: undefined,
        note: `its schemas could not be loaded from ${schemas} (use --kubeconform-schemas DIR)`,
      });
    else others.push({ name: 'kubeconform -strict', cost });
  } else
    others.push({
      name: 'kubeconform -strict',
      cost: undefined,
      note: 'not on PATH: skipped (go install github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0)',
    });
  const kv = onPath('kubectl-validate');
  if (kv) {
    const crds = await writeKubectlValidateCrds(root, path.join(tmp, 'kubectl-validate-crds'));
    const cost = await repeat(runs, `stream of ${size}: kubectl-validate`, () =>
      measureCommand(kv, [file, '--version', KUBECTL_VALIDATE_VERSION, '--local-crds', crds]),
    );
    others.push(
      cost.exitCode === 0 || cost.exitCode === 1 // 1: it found invalid resources
        ? { name: `kubectl-validate (--version ${KUBECTL_VALIDATE_VERSION})`, cost }
        : {
            name: 'kubectl-validate',
            cost: undefined,
            note: `failed (exit ${cost.exitCode}): ${cost.stderr.trim().split('\n')[0] ?? ''}`,
          },
    );
  } else
    others.push({
      name: 'kubectl-validate',
      cost: undefined,
      note: 'not on PATH: skipped (go install sigs.k8s.io/kubectl-validate@v0.0.4)',
    });
  return {
    kind: 'stream',
    case: `one stream of ${size} resources (schema)`,
    resources: size,
    ours,
    others,
    goal: 'CPU/resource <= kubeconform; memory <= 2x at 50k',
  };
}

/** One goal of the speed work: the measured value against its limit. */
interface Goal {
  readonly goal: string;
  readonly measured: number | undefined;
  readonly limit: number;
  readonly unit: 'x' | 's';
  readonly met: boolean | undefined;
}

const goal = (text: string, measured: number | undefined, limit: number, unit: 'x' | 's' = 'x'): Goal => ({
  goal: text,
  measured,
  limit,
  unit,
  met: measured === undefined ? undefined : measured <= limit,
});

const cpuRatio = (a: Cost | undefined, b: Cost | undefined): number | undefined =>
  a?.cpu === undefined || b?.cpu === undefined || b.cpu === 0 ? undefined : a.cpu / b.cpu;

/** Each goal of issue 14 as a ratio (CPU seconds; memory for the 50,000 stream) or seconds. */
function goals(rows: readonly Row[], firstOutput: number | undefined): Goal[] {
  const out: Goal[] = [];
  for (const r of rows) {
    if (r.kind === 'cold' || r.kind === 'synthetic')
      out.push(goal(`${r.case}: within 1.5x the bare kustomize builds (CPU)`, cpuRatio(r.ours, r.baseline?.cost), 1.5));
    else if (r.kind === 'change')
      out.push(goal(`${r.case}: within 1.0x the bare kustomize builds (CPU)`, cpuRatio(r.ours, r.baseline?.cost), 1.0));
    else {
      const kc = r.others?.find((o) => o.name.startsWith('kubeconform'))?.cost;
      out.push(goal(`${r.case}: CPU per resource at most kubeconform's`, cpuRatio(r.ours, kc), 1.0));
      if (r.resources >= 50_000) {
        const memory = r.ours.rssMiB !== undefined && kc?.rssMiB ? r.ours.rssMiB / kc.rssMiB : undefined;
        out.push(goal(`${r.case}: peak memory at most 2x kubeconform's`, memory, 2.0));
      }
    }
  }
  const line = linearity(rows.filter((r) => r.scale));
  if (line) out.push(line);
  out.push(goal('time to first output of validate --progress (wall, median of 3)', firstOutput, 1.0, 's'));
  return out;
}

/**
 * Memory grows linearly when the largest repo's peak is on the line through the two before it:
 * measured / extrapolated, for the last three points of the series (by resources).
 */
function linearity(series: readonly Row[]): Goal | undefined {
  const points = series
    .filter((r) => r.ours.rssMiB !== undefined)
    .map((r) => ({ x: r.resources, y: r.ours.rssMiB as number }))
    .sort((a, b) => a.x - b.x)
    .slice(-3);
  const [a, b, c] = points;
  if (!a || !b || !c || b.x === a.x) return undefined;
  const expected = b.y + ((b.y - a.y) / (b.x - a.x)) * (c.x - b.x);
  return goal(
    `peak memory grows linearly: ${c.x} resources ${c.y.toFixed(0)} MiB against ${expected.toFixed(0)} MiB ` +
      `on the line through ${a.x} (${a.y.toFixed(0)} MiB) and ${b.x} (${b.y.toFixed(0)} MiB)`,
    c.y / expected,
    1.15,
  );
}

function goalLines(list: readonly Goal[]): string {
  return list
    .map(
      (g) =>
        `${g.met === undefined ? 'not measured' : g.met ? 'met    ' : 'NOT met'}  ${g.goal}: ` +
        `${g.measured === undefined ? '-' : `${g.measured.toFixed(2)}${g.unit === 'x' ? 'x' : ' s'}`} ` +
        `(goal ${g.unit === 'x' ? `<= ${g.limit}x` : `< ${g.limit} s`})`,
    )
    .join('\n');
}

const f = (n: number | undefined, digits = 2): string => (n === undefined ? '-' : n.toFixed(digits));
const ratio = (a: number | undefined, b: number | undefined): string =>
  a === undefined || b === undefined || b === 0 ? '-' : `${(a / b).toFixed(2)}x`;

function table(rows: readonly Row[]): string {
  const lines = [
    '| case | resources | ours: CPU s (wall s), peak MiB | baseline: CPU s (wall s) | ratio CPU (wall) | goal |',
    '|---|--:|--:|--:|--:|---|',
  ];
  for (const r of rows) {
    const base = r.baseline?.cost;
    const ours = `${f(r.ours.cpu)} (${f(r.ours.wall)}), ${f(r.ours.rssMiB, 0)}`;
    if (base)
      lines.push(
        `| ${r.case} | ${r.resources} | ${ours} | ${r.baseline?.name}: ` +
          `${f(base.cpu)} (${f(base.wall)}) | ${ratio(r.ours.cpu, base.cpu)} (` +
          `${ratio(r.ours.wall, base.wall)}) | ${r.goal} |`,
      );
    else
      lines.push(
        `| ${r.case} | ${r.resources} | ${ours}; ` +
          `${f(r.ours.cpu !== undefined ? (r.ours.cpu / r.resources) * 1000 : undefined, 3)} ` +
          `ms CPU/resource | - | - | ${r.goal} |`,
      );
    for (const o of r.others ?? []) {
      if (!o.cost) lines.push(`| ↳ ${o.name} | ${r.resources} | ${o.note ?? 'skipped'} | | | |`);
      else
        lines.push(
          `| ↳ ${o.name} | ${r.resources} | ${f(o.cost.cpu)} (${f(o.cost.wall)}` +
            `), ${f(o.cost.rssMiB, 0)} | | ours/theirs CPU ` +
            `${ratio(r.ours.cpu, o.cost.cpu)}, memory ` +
            `${ratio(r.ours.rssMiB, o.cost.rssMiB)} | |`,
        );
    }
  }
  return `${lines.join('\n')}\n`;
}

await runMain('bench', HELP, async (argv) => {
  const { values } = parseCli(
    argv,
    {
      services: { type: 'string' },
      layout: { type: 'string' },
      streams: { type: 'string' },
      large: { type: 'boolean' },
      'streams-only': { type: 'boolean' },
      runs: { type: 'string' },
      json: { type: 'string' },
      keep: { type: 'boolean' },
      root: { type: 'string' },
      'kubeconform-schemas': { type: 'string' },
    },
    false,
  );
  const services = Number(values.services ?? 20);
  const runs = Number(values.runs ?? 1);
  const streams = (values.streams ?? '10000').split(',').map((s) => Number(s.trim()));
  if (!Number.isInteger(services) || services < 0)
    throw new UsageError(`--services ${values.services}: expected a whole number`);
  const layout = (values.layout ?? 'base') as BenchLayout;
  if (layout !== 'base' && layout !== 'apps') throw new UsageError(`--layout ${values.layout}: expected base or apps`);
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs ${values.runs}: expected a whole number >= 1`);
  if (streams.some((n) => !Number.isInteger(n) || n < 1))
    throw new UsageError(`--streams ${values.streams}: expected whole numbers, e.g. 10000,50000`);
  if (values.large && !streams.includes(50_000)) streams.push(50_000);
  if (!existsSync(VALIDATE)) throw new ToolError(`${VALIDATE}: not built (run npm run build)`);
  const root = path.resolve(values.root ?? '.');
  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, node ${process.version}`;
  progress(
    `machine: ${machine}; ${runs} run(s) per figure` +
      `${canMeasureCpu() ? '' : '; /usr/bin/time not found: wall time only'}`,
  );
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'zarish-bench-'));
  const rows: Row[] = [];
  let firstOutput: number | undefined;
  try {
    const repoCopy = path.join(tmp, 'repo');
    await generateBenchRepo(root, repoCopy, 0);
    const streamsOnly = Boolean(values['streams-only']);
    const firsts: number[] = [];
    for (let i = 0; i < (streamsOnly ? 0 : 3); i++) {
      const t = await timeToFirstStderr(process.execPath, [VALIDATE, '--root', repoCopy, '--progress'], {
        env: { ...(process.env as Record<string, string>), NO_COLOR: '1' },
      });
      if (t !== undefined) firsts.push(t);
    }
    firstOutput = firsts.length > 0 ? median(firsts) : undefined;
    if (!streamsOnly) {
      progress(`time to first output: ${firsts.map((t) => t.toFixed(2)).join(', ')} s wall`);
      rows.push(...(await repoRows('this repo', repoCopy, runs, tmp, true)));
    }
    const pipeline = await loadPipeline(repoCopy);
    const rendered = (
      await renderTargets(repoCopy, pipeline.targets, pipeline.kustomize, { prebuilt: pipeline.prebuilt })
    ).map((r) => r.text);
    const schemas =
      values['kubeconform-schemas'] ?? (await writeKubeconformSchemas(repoCopy, path.join(tmp, 'kubeconform-schemas')));
    for (const size of streams) rows.push(await streamRow(size, rendered, tmp, repoCopy, runs, schemas));
    const repos: { n: number; layout: BenchLayout; scale: boolean }[] = streamsOnly
      ? []
      : [
          { n: services, layout, scale: false },
          ...(values.large ? LARGE_SERVICES.map((n) => ({ n, layout: 'apps' as const, scale: true })) : []),
        ];
    for (const { n, layout: where, scale } of repos) {
      if (n === 0) continue;
      const dir = path.join(tmp, `synthetic-${where}-${n}`);
      progress(`writing a synthetic repo with ${n} extra services (${where} layout)`);
      await generateBenchRepo(root, dir, n, where);
      const label =
        where === 'base'
          ? `synthetic repo, ${n} services x 4 environments`
          : `synthetic repo, ${n} services in Applications of ${SERVICES_PER_APP} x 4 environments`;
      const [row] = await repoRows(label, dir, runs, tmp, false);
      if (row)
        rows.push({
          ...row,
          scale,
          goal:
            `${row.goal}; memory ` +
            `${f(row.ours.rssMiB !== undefined ? (row.ours.rssMiB / row.resources) * 1000 : undefined, 1)} ` +
            `MiB per 1,000 resources (linear)`,
        });
    }
  } finally {
    if (values.keep) progress(`kept: ${tmp}`);
    else await rm(tmp, { recursive: true, force: true });
  }
  const results = goals(rows, firstOutput);
  process.stdout.write(`machine: ${machine}\n\n${table(rows)}\nGoals:\n${goalLines(results)}\n`);
  const json = path.resolve(values.json ?? 'bench.json');
  const bare = (c: Cost) => ({ ...c, stdout: undefined, stderr: undefined });
  const report = {
    machine,
    runs,
    date: new Date().toISOString(),
    goals: results,
    firstOutputSeconds: firstOutput ?? null,
    rows: rows.map((r) => ({
      ...r,
      ours: bare(r.ours),
      baseline: r.baseline && { name: r.baseline.name, cost: bare(r.baseline.cost) },
      others: r.others?.map((o) => ({ name: o.name, cost: o.cost && bare(o.cost), note: o.note })),
    })),
  };
  await writeFileAtomic(json, `${JSON.stringify(report, null, 2)}\n`);
  progress(`results written to ${path.relative(process.cwd(), json) || json}`);
  return 0;
});
