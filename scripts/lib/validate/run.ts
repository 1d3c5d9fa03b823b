import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadClusters, type ClusterDescription } from '../clusters.js';
import { summarise, sortFindings, type Finding, type Summary } from '../findings.js';
import { findKustomize, kustomizeBuild } from '../kustomize.js';
import { loadPipeline } from '../pipeline.js';
import { loadPolicy } from '../policy.js';
import { SourceFiles, SourceIndex } from '../sources.js';
import { loadParityAllowList } from '../dr/allowlist.js';
import { splitRendered, writeRendered } from '../render.js';
import type { RenderCache } from '../render-cache.js';
import { selectTargets, type Selection } from '../select.js';
import { ToolError } from '../errors.js';
import { setBuildLimits } from '../safety/limits.js';
import { buildFinding } from './rules/schema/input.js';
import { builtinSchemas } from '../schema/builtin.js';
import { crdSchemas, preloadCrdSchemas } from '../schema/crd.js';
import { importedCrdSchemas } from '../schema/crd-imported.js';
import type { SchemaSource } from '../schema/types.js';
import type { Target } from '../targets.js';
import { checksInParts, createChecker, type Checker } from './engine.js';
import { DEFAULT_KUBE_VERSION, loadPathUnit, unitsFromRendered } from '../model/load.js';
import { ownFinding } from '../model/stream-load.js';
import { isRunRule } from '../rules/types.js';
import { FindingsCache } from './findings-cache.js';
import { RULES } from './registry.js';
import type { ArgoContext, Rule, RuleGroup, Unit } from './types.js';
import { argoContext, pathArgoContext } from '../model/argo.js';
import { renderUnits } from '../model/units.js';
import type { ServerMode, ServerRun } from '../server/index.js';

export interface ValidateRequest {
  readonly root: string;
  /** path arguments; empty = every deploy target */
  readonly paths: readonly string[];
  readonly groups?: ReadonlySet<RuleGroup> | undefined;
  readonly kubeVersion?: string | undefined;
  readonly schemaLocations?: readonly string[] | undefined;
  readonly cwd?: string | undefined;
  readonly now?: Date | undefined;
  /** reuse the builds of targets whose inputs did not change (validate's default; --no-cache) */
  readonly cache?: RenderCache | undefined;
  /** --target / --env / --shard: which targets are checked (scripts/lib/select.ts) */
  readonly selection?: Selection | undefined;
  /** called as each target's per-target checks finish (progress, streamed findings) */
  readonly onUnit?: ((unit: Unit, findings: readonly Finding[], done: number, total: number) => void) | undefined;
  /** write rendered/ as `npm run render` does (default true when validating targets) */
  readonly writeRendered?: boolean | undefined;
  /** run the server group (also when groups names it): a local control plane, a kubeconfig, or a running endpoint */
  readonly server?: ServerMode | undefined;
  /**
   * Path arguments read in parts, each part checked and dropped (scripts/lib/model/stream-load.ts):
   * 'auto' (default) when the selected checks allow it (checksInParts); 'force' also when they do
   * not (they read the documents again from the files: slow; for tests); 'off'.
   */
  readonly streaming?: 'auto' | 'force' | 'off' | undefined;
  /** documents per part (default 32) */
  readonly partSize?: number | undefined;
}

/** Wall-clock seconds per phase, for --timings and the benchmark. */
export interface Timings {
  [phase: string]: number;
}

export interface ValidateResult {
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  readonly units: readonly Unit[];
  readonly rules: readonly Rule[];
  readonly notes: readonly string[];
  readonly timings: Timings;
}

const sourcesCache = new Map<string, SchemaSource[]>();

/**
 * Built-in kinds first, then the imported CRDs of the operator releases each cluster pins
 * (schemas/crds), then the project's own schemas/ (ClusterDescription), then any --schema-location.
 * Compiled once per process.
 */
export function schemaSources(root: string, locations: readonly string[] = []): SchemaSource[] {
  const key = `${root}\u0000${locations.join('\u0000')}`;
  let sources = sourcesCache.get(key);
  if (!sources) {
    sources = [
      builtinSchemas(),
      importedCrdSchemas(root),
      crdSchemas({ dirs: [path.join(root, 'schemas')], locations: [...locations] }),
    ];
    sourcesCache.set(key, sources);
  }
  return sources;
}

/** The lowest Kubernetes version among the clusters, for manifests not tied to one target. */
async function defaultKubeVersion(root: string): Promise<string> {
  if (!existsSync(path.join(root, 'clusters'))) return DEFAULT_KUBE_VERSION;
  const clusters = await loadClusters(root);
  return (
    clusters.map((c) => c.kubernetesVersion).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))[0] ??
    DEFAULT_KUBE_VERSION
  );
}

/** Documents per part when a path argument is read in parts. */
const PART_SIZE = 32;

async function unitsForPaths(
  request: ValidateRequest,
  notes: string[],
  inParts?: Map<Unit, Finding[]> & { checker: Checker },
): Promise<Unit[]> {
  const cwd = request.cwd ?? process.cwd();
  const kubeVersion = await defaultKubeVersion(request.root);
  const units: Unit[] = [];
  let deployTargets: Promise<readonly Target[]> | undefined;
  for (const arg of request.paths) {
    const full = path.resolve(cwd, arg);
    // A kustomization is validated as what it builds, like a deploy target.
    if (existsSync(full) && statSync(full).isDirectory() && existsSync(path.join(full, 'kustomization.yaml'))) {
      const kustomize = await findKustomize();
      const rel = path.relative(request.root, full).split(path.sep).join('/');
      // A directory Argo CD deploys is validated as that target: its environment, namespace and policy.
      deployTargets ??= rel.startsWith('..') ? Promise.resolve([]) : loadPipeline(request.root).then((p) => p.targets);
      const deployed = (await deployTargets).find((t) => t.path === rel);
      if (deployed)
        notes.push(
          `${arg}: validated as deploy target ${deployed.name} (environment ` +
            `${deployed.environment}, policy.yaml applies)`,
        );
      const target: Target = deployed ?? {
        name: arg,
        cluster: '',
        environment: 'cluster',
        path: rel,
        namespace: undefined,
        kubernetesVersion: kubeVersion,
      };
      let built: string;
      try {
        built = await kustomizeBuild(kustomize, full);
      } catch (error) {
        if (!(error instanceof ToolError)) throw error;
        units.push({
          name: arg,
          environment: undefined,
          namespace: undefined,
          kubernetesVersion: kubeVersion,
          resources: [],
          loadFindings: [buildFinding(request.root, arg, full, error.message.split(full).join(arg), error)],
        });
        continue;
      }
      const sources = rel.startsWith('..') ? undefined : new SourceIndex(new SourceFiles(request.root), rel);
      const unit = unitsFromRendered(request.root, [
        splitRendered(target, `${arg} (kustomize build)`, built, sources),
      ])[0] as Unit;
      units.push(deployed ? unit : { ...unit, environment: undefined });
      continue;
    }
    if (!inParts) {
      units.push(await loadPathUnit(arg, cwd, kubeVersion, request.root));
      continue;
    }
    const shape = { name: arg, environment: undefined, namespace: undefined, kubernetesVersion: kubeVersion };
    const check = inParts.checker.streamed(shape, ownFinding);
    const partSize = request.partSize ?? PART_SIZE;
    const unit = await loadPathUnit(arg, cwd, kubeVersion, request.root, { partSize, part: check.part });
    inParts.set(unit, check.finish(unit));
    units.push(unit);
  }
  if (units.length === 0) notes.push('nothing to validate');
  return units;
}

/** Loads (renders, or reads the paths given), runs the selected checks, and returns sorted findings. */
export async function validate(request: ValidateRequest): Promise<ValidateResult> {
  const notes: string[] = [];
  // performance.now() counts from process start: what came before this call is startup.
  const timings: Timings = { startup: performance.now() / 1000 };
  let mark = performance.now();
  const lap = (phase: string): void => {
    const now = performance.now();
    timings[phase] = (now - mark) / 1000;
    mark = now;
  };
  const policy = await loadPolicy(request.root);
  if (policy.allowRemoteBases) setBuildLimits({ allowRemoteBases: true });
  const parityAllowList = await loadParityAllowList(request.root);
  // The server group needs a control plane: it runs with --server or when --only names it, never by default.
  const serverMode = request.server ?? (request.groups?.has('server') ? {} : undefined);
  // Targets whose findings cannot have changed are not checked again, and resources seen before are
  // not validated against their schema again (findings-cache.ts).
  const findingsCache =
    request.cache && !serverMode && request.paths.length === 0 && (request.schemaLocations ?? []).length === 0
      ? new FindingsCache({
          root: request.root,
          dir: request.cache.dir,
          settings: {
            groups: request.groups && [...request.groups].sort(),
            kubeVersion: request.kubeVersion,
            today: (request.now ?? new Date()).toISOString().slice(0, 10),
            policy,
            parityAllowList,
          },
        })
      : undefined;
  const sources = schemaSources(request.root, request.schemaLocations);
  const engine = {
    rules: RULES,
    groups: request.groups,
    schemas: findingsCache ? findingsCache.wrap(sources) : sources,
    kubeVersion: request.kubeVersion,
    now: request.now,
    policy,
    parityAllowList,
  };
  const checker = createChecker(engine);
  // Missing binaries fail before anything is rendered.
  // (the server modules are loaded only for --server)
  if (serverMode && !serverMode.kubeconfig && !serverMode.endpoint)
    (await import('../server/binaries.js')).findControlPlane();
  // The selected rules (all when no --only; the server group's then simply has no findings without --server).
  const rules = RULES.filter((r) => !request.groups || request.groups.has(r.group));
  // Schemas at http(s) locations are fetched (into a cache) once every unit's kinds are known, before any check.
  const remoteSchemas = (request.schemaLocations ?? []).some((l) => /^https?:\/\//i.test(l));
  const unitFindings = new Map<string, Finding[]>();
  // the findings of path arguments read in parts, checked while they were read
  const inParts = new Map<Unit, Finding[]>();
  // Time spent loading and checking units while kustomize builds the others (not render time).
  const overlapped = { load: 0, checks: 0 };
  let units: Unit[];
  let argo: ArgoContext | undefined;
  // Control planes start (and install CRDs) while kustomize renders; they get the units when loaded.
  let giveUnits: (u: readonly Unit[]) => void = () => {};
  let failUnits: (e: unknown) => void = () => {};
  const unitsLoaded = new Promise<readonly Unit[]>((resolve, reject) => {
    giveUnits = resolve;
    failUnits = reject;
  });
  unitsLoaded.catch(() => {});
  let server: Promise<ServerRun> | undefined;
  const startServer = (
    groups: readonly string[],
    clusterOf: ReadonlyMap<string, string>,
    clusters: readonly ClusterDescription[],
  ): void => {
    if (!serverMode) return;
    server = import('../server/index.js').then(({ runServerGroup }) =>
      runServerGroup({
        root: request.root,
        units: unitsLoaded,
        groups,
        clusterOf,
        clusters,
        kubeVersion: request.kubeVersion,
        mode: serverMode,
      }),
    );
    server.catch(() => {});
  };
  // The units the cross-target (global) checks see, and whether this run does them at all.
  let globalUnits: Unit[] = [];
  let crossTarget = true;
  // without them, the checks that hold of any set of targets, over the selected ones (select.ts)
  let selectedChecks = false;
  try {
    if (request.paths.length > 0) {
      const clusters =
        serverMode && existsSync(path.join(request.root, 'clusters')) ? await loadClusters(request.root) : [];
      startServer([''], new Map(), clusters);
      const streaming = request.streaming ?? 'auto';
      const parts =
        streaming !== 'off' && !serverMode && !remoteSchemas && (streaming === 'force' || checksInParts(rules));
      units = await unitsForPaths(request, notes, parts ? Object.assign(inParts, { checker }) : undefined);
      globalUnits = units;
      // Argo CD's model is for the checks across units; a run without them does not build it.
      argo = !parts || rules.some(isRunRule) ? await pathArgoContext(request.root, units) : undefined;
      lap('load');
    } else {
      const pipeline = await loadPipeline(request.root, { cache: request.cache });
      notes.push(...pipeline.notes);
      const selected = selectTargets(pipeline.targets, request.selection ?? {});
      if (selected.note) notes.push(selected.note);
      const checked = new Set(selected.targets.map((t) => t.name));
      crossTarget = selected.crossTarget;
      selectedChecks = selected.selectedChecks;
      const renderKeys = request.cache?.keys;
      lap('argocd');
      startServer(
        [...new Set(selected.targets.map((t) => t.cluster))],
        new Map(selected.targets.map((t) => [t.name, t.cluster])),
        pipeline.clusters,
      );
      let done = 0;
      // Each target is checked as soon as it is rendered, while kustomize still builds the others.
      // A target that does not build is a finding; the others are still validated and reported.
      const building = selected.crossTarget ? pipeline.targets : selected.targets;
      const {
        units: all,
        rendered,
        failed,
      } = await renderUnits(pipeline, {
        targets: building,
        lazySources: true,
        onFailed: (target, message, error) => ({
          name: target.name,
          environment: target.environment,
          namespace: target.namespace,
          kubernetesVersion: target.kubernetesVersion,
          resources: [],
          loadFindings: [buildFinding(request.root, target.name, target.path, message, error)],
        }),
        onUnit: (unit, loadSeconds, r) => {
          overlapped.load += loadSeconds;
          if (remoteSchemas || !checked.has(unit.name)) return;
          const t1 = performance.now();
          const check = () => checker.unit(unit);
          const renderKey = renderKeys?.get(path.resolve(request.root, r.target.path));
          const found = findingsCache ? findingsCache.findings(unit, renderKey, r.text, check) : check();
          unitFindings.set(unit.name, found);
          request.onUnit?.(unit, found, ++done, checked.size);
          overlapped.checks += (performance.now() - t1) / 1000;
        },
      });
      lap('render');
      if (request.cache) {
        request.cache.prune(undefined, (findingsCache?.misses.length ?? 0) > 0);
        notes.push(request.cache.summary());
        if (findingsCache) notes.push(findingsCache.summary());
      }
      timings.render = (timings.render ?? 0) - overlapped.load - overlapped.checks;
      // A partial run must not rewrite rendered/ (it would drop the other targets' files).
      if (request.writeRendered !== false && checked.size === pipeline.targets.length && failed === 0)
        await writeRendered(request.root, rendered);
      if (failed > 0)
        notes.push(`${failed} of ${building.length} targets did not build (BLD findings); rendered/ left as it was`);
      units = all.filter((u) => checked.has(u.name));
      globalUnits = [...all];
      argo = argoContext(pipeline, all);
      lap('load');
      timings.load = (timings.load ?? 0) + overlapped.load;
    }
  } catch (error) {
    failUnits(error);
    await server?.catch(() => {});
    throw error;
  }
  giveUnits(units);
  if (remoteSchemas) {
    const gvks = [
      ...new Map(
        units.flatMap((u) =>
          u.resources.map(
            (r) => [`${r.ref.apiVersion}/${r.ref.kind}`, { apiVersion: r.ref.apiVersion, kind: r.ref.kind }] as const,
          ),
        ),
      ).values(),
    ];
    for (const source of engine.schemas) await preloadCrdSchemas(source, gvks);
    lap('fetch-schemas');
  }
  const perUnit = units.flatMap((u, i) => {
    const early = unitFindings.get(u.name);
    if (early) return early;
    const found = inParts.get(u) ?? checker.unit(u);
    request.onUnit?.(u, found, i + 1, units.length);
    return found;
  });
  const offline = [
    ...perUnit,
    ...(crossTarget
      ? checker.global(globalUnits, argo)
      : selectedChecks
        ? checker.global(units, argo, (rule) => rule.onSelectedTargets === true)
        : []),
  ];
  findingsCache?.saveVerdicts();
  lap('checks');
  timings.checks = (timings.checks ?? 0) + overlapped.checks;
  if (server) {
    const run = await server;
    offline.push(...run.issues.map((i) => checker.report(i.ruleId, i.resource, i.path, i.message)));
    notes.push(...run.notes);
    Object.assign(timings, run.timings);
    lap('server');
  }
  const findings = sortFindings(offline);
  const resources = units.reduce((n, u) => n + u.resources.length, 0);
  return { findings, summary: summarise(findings, resources, units.length), units, rules, notes, timings };
}
