import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadClusters, type ClusterDescription } from '../clusters.js';
import { summarise, sortFindings, type Finding, type Summary } from '../findings.js';
import { findKustomize, kustomizeBuild } from '../kustomize.js';
import { loadPipeline } from '../pipeline.js';
import { loadPolicy } from '../policy.js';
import { SourceFiles, SourceIndex } from '../sources.js';
import { loadParityAllowList } from '../dr/allowlist.js';
import { renderTargets, splitRendered, writeRendered } from '../render.js';
import { builtinSchemas } from '../schema/builtin.js';
import { crdSchemas } from '../schema/crd.js';
import type { SchemaSource } from '../schema/types.js';
import type { Target } from '../targets.js';
import { createChecker } from './engine.js';
import { DEFAULT_KUBE_VERSION, loadPathUnit, unitsFromRendered } from './load.js';
import { RULES } from './registry.js';
import type { ArgoContext, Resource, Rule, RuleGroup, Unit } from './types.js';
import type { PipelineContext } from '../pipeline.js';
import type { FieldPath } from '../findings.js';
import { runServerGroup, type ServerMode, type ServerRun } from '../server/index.js';
import { findControlPlane } from '../server/binaries.js';

export interface ValidateRequest {
  readonly root: string;
  /** path arguments; empty = every deploy target */
  readonly paths: readonly string[];
  readonly groups?: ReadonlySet<RuleGroup> | undefined;
  readonly kubeVersion?: string | undefined;
  readonly schemaLocations?: readonly string[] | undefined;
  readonly cwd?: string | undefined;
  readonly now?: Date | undefined;
  /** write rendered/ as `npm run render` does (default true when validating targets) */
  readonly writeRendered?: boolean | undefined;
  /** run the server group (also when groups names it): a local control plane, a kubeconfig, or a running endpoint */
  readonly server?: ServerMode | undefined;
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

/** Built-in kinds first, then the project's schemas/, then any --schema-location. Compiled once per process. */
export function schemaSources(root: string, locations: readonly string[] = []): SchemaSource[] {
  const key = `${root}\u0000${locations.join('\u0000')}`;
  let sources = sourcesCache.get(key);
  if (!sources) {
    sources = [builtinSchemas(), crdSchemas({ dirs: [path.join(root, 'schemas')], locations: [...locations] })];
    sourcesCache.set(key, sources);
  }
  return sources;
}

/** The lowest Kubernetes version among the clusters, for manifests not tied to one target. */
async function defaultKubeVersion(root: string): Promise<string> {
  if (!existsSync(path.join(root, 'clusters'))) return DEFAULT_KUBE_VERSION;
  const clusters = await loadClusters(root);
  return clusters.map((c) => c.kubernetesVersion).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))[0] ?? DEFAULT_KUBE_VERSION;
}

async function unitsForPaths(request: ValidateRequest, notes: string[]): Promise<Unit[]> {
  const cwd = request.cwd ?? process.cwd();
  const kubeVersion = await defaultKubeVersion(request.root);
  const units: Unit[] = [];
  for (const arg of request.paths) {
    const full = path.resolve(cwd, arg);
    // A kustomization is validated as what it builds, like a deploy target.
    if (existsSync(full) && statSync(full).isDirectory() && existsSync(path.join(full, 'kustomization.yaml'))) {
      const kustomize = await findKustomize();
      const rel = path.relative(request.root, full).split(path.sep).join('/');
      const target: Target = { name: arg, cluster: '', environment: 'cluster', path: rel, namespace: undefined, kubernetesVersion: kubeVersion };
      const built = await kustomizeBuild(kustomize, full);
      const sources = rel.startsWith('..') ? undefined : new SourceIndex(new SourceFiles(request.root), rel);
      const unit = unitsFromRendered(request.root, [splitRendered(target, `${arg} (kustomize build)`, built, sources)])[0] as Unit;
      units.push({ ...unit, environment: undefined });
      continue;
    }
    units.push(await loadPathUnit(arg, cwd, kubeVersion, request.root));
  }
  if (units.length === 0) notes.push('nothing to validate');
  return units;
}

/**
 * Argo CD's model for the cross-Application checks. Generated Applications become resources whose
 * fields are located in their ApplicationSet's template (spec.template...), in the bootstrap unit.
 */
function argoContext(pipeline: PipelineContext, units: readonly Unit[]): ArgoContext | undefined {
  const argo = pipeline.argo;
  if (!argo) return undefined;
  const appsetResource = (name: string): Resource | undefined => {
    for (const u of units) {
      const r = u.resources.find((x) => x.ref.kind === 'ApplicationSet' && x.ref.name === name);
      if (r) return r;
    }
    return undefined;
  };
  const staticResource = (name: string): Resource | undefined => {
    for (const u of units) {
      const r = u.resources.find((x) => x.ref.kind === 'Application' && x.ref.apiVersion.startsWith('argoproj.io/') && x.ref.name === name);
      if (r) return r;
    }
    return undefined;
  };
  const applications: Resource[] = [];
  for (const app of argo.applications) {
    if (!app.appset) {
      const r = staticResource(app.name);
      if (r) applications.push(r);
      continue;
    }
    const appset = appsetResource(app.appset);
    if (!appset) continue;
    const locate = (p: FieldPath) => appset.locate(p.length === 0 ? ['spec', 'template'] : ['spec', 'template', ...p]);
    const metadata = (app.object.metadata ?? {}) as Record<string, unknown>;
    applications.push({
      object: app.object,
      ref: { apiVersion: String(app.object.apiVersion), kind: 'Application', namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined, name: app.name },
      unit: appset.unit,
      index: -1,
      location: locate([]),
      locate,
      doc: undefined,
    });
  }
  return { model: argo, targets: pipeline.targets, clusters: pipeline.clusters, applications };
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
  const engine = {
    rules: RULES,
    groups: request.groups,
    schemas: schemaSources(request.root, request.schemaLocations),
    kubeVersion: request.kubeVersion,
    now: request.now,
    policy: await loadPolicy(request.root),
    parityAllowList: await loadParityAllowList(request.root),
  };
  const checker = createChecker(engine);
  // The server group needs a control plane: it runs with --server or when --only names it, never by default.
  const serverMode = request.server ?? (request.groups?.has('server') ? {} : undefined);
  // Missing binaries fail before anything is rendered.
  if (serverMode && !serverMode.kubeconfig && !serverMode.endpoint) findControlPlane();
  // The selected rules (all when no --only; the server group's then simply has no findings without --server).
  const rules = RULES.filter((r) => !request.groups || request.groups.has(r.group));
  const unitFindings = new Map<string, Finding[]>();
  const loaded = new Map<string, Unit>();
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
  const startServer = (groups: readonly string[], clusterOf: ReadonlyMap<string, string>, clusters: readonly ClusterDescription[]): void => {
    if (!serverMode) return;
    server = runServerGroup({ root: request.root, units: unitsLoaded, groups, clusterOf, clusters, kubeVersion: request.kubeVersion, mode: serverMode });
    server.catch(() => {});
  };
  try {
    if (request.paths.length > 0) {
      const clusters = serverMode && existsSync(path.join(request.root, 'clusters')) ? await loadClusters(request.root) : [];
      startServer([''], new Map(), clusters);
      units = await unitsForPaths(request, notes);
      lap('load');
    } else {
      const pipeline = await loadPipeline(request.root);
      notes.push(...pipeline.notes);
      lap('argocd');
      startServer([...new Set(pipeline.targets.map((t) => t.cluster))], new Map(pipeline.targets.map((t) => [t.name, t.cluster])), pipeline.clusters);
      // Each target is checked as soon as it is rendered, while kustomize still builds the others.
      const rendered = await renderTargets(request.root, pipeline.targets, pipeline.kustomize, {
        prebuilt: pipeline.prebuilt,
        onRendered: (r) => {
          const t0 = performance.now();
          const [unit] = unitsFromRendered(request.root, [r]);
          if (!unit) return;
          loaded.set(unit.name, unit);
          const t1 = performance.now();
          unitFindings.set(unit.name, checker.unit(unit));
          overlapped.load += (t1 - t0) / 1000;
          overlapped.checks += (performance.now() - t1) / 1000;
        },
      });
      lap('render');
      timings.render = (timings.render ?? 0) - overlapped.load - overlapped.checks;
      if (request.writeRendered !== false) await writeRendered(request.root, rendered);
      units = rendered.map((r) => loaded.get(r.target.name) ?? (unitsFromRendered(request.root, [r])[0] as Unit));
      argo = argoContext(pipeline, units);
      lap('load');
      timings.load = (timings.load ?? 0) + overlapped.load;
    }
  } catch (error) {
    failUnits(error);
    await server?.catch(() => {});
    throw error;
  }
  giveUnits(units);
  const offline = [...units.flatMap((u) => unitFindings.get(u.name) ?? checker.unit(u)), ...checker.global(units, argo)];
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
