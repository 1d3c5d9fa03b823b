import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadClusters } from '../clusters.js';
import { summarise, sortFindings, type Finding, type Summary } from '../findings.js';
import { findKustomize, kustomizeBuild } from '../kustomize.js';
import { loadPipeline } from '../pipeline.js';
import { loadPolicy } from '../policy.js';
import { SourceFiles, SourceIndex } from '../sources.js';
import { loadParityAllowList } from '../dr/allowlist.js';
import { renderTargets, splitRendered, writeRendered, type RenderedTarget } from '../render.js';
import { ToolError } from '../errors.js';
import { setBuildLimits } from '../safety/limits.js';
import { buildFinding } from './rules/schema/input.js';
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
      let built: string;
      try {
        built = await kustomizeBuild(kustomize, full);
      } catch (error) {
        if (!(error instanceof ToolError)) throw error;
        units.push({ name: arg, environment: undefined, namespace: undefined, kubernetesVersion: kubeVersion, resources: [], loadFindings: [buildFinding(request.root, arg, full, error.message.split(full).join(arg), error)] });
        continue;
      }
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
  const policy = await loadPolicy(request.root);
  if (policy.allowRemoteBases) setBuildLimits({ allowRemoteBases: true });
  const engine = {
    rules: RULES,
    groups: request.groups,
    schemas: schemaSources(request.root, request.schemaLocations),
    kubeVersion: request.kubeVersion,
    now: request.now,
    policy,
    parityAllowList: await loadParityAllowList(request.root),
  };
  const checker = createChecker(engine);
  const rules = RULES.filter((r) => !request.groups || request.groups.has(r.group));
  const unitFindings = new Map<string, Finding[]>();
  const loaded = new Map<string, Unit>();
  // Time spent loading and checking units while kustomize builds the others (not render time).
  const overlapped = { load: 0, checks: 0 };
  let units: Unit[];
  let argo: ArgoContext | undefined;
  if (request.paths.length > 0) {
    units = await unitsForPaths(request, notes);
    lap('load');
  } else {
    const pipeline = await loadPipeline(request.root);
    notes.push(...pipeline.notes);
    lap('argocd');
    // Each target is checked as soon as it is rendered, while kustomize still builds the others.
    // A target that does not build is a finding; the others are still validated and reported.
    const failed = new Map<string, Unit>();
    const rendered = await renderTargets(request.root, pipeline.targets, pipeline.kustomize, {
      prebuilt: pipeline.prebuilt,
      onFailed: (target, message, error) => {
        const finding = buildFinding(request.root, target.name, target.path, message, error);
        failed.set(target.name, { name: target.name, environment: target.environment, namespace: target.namespace, kubernetesVersion: target.kubernetesVersion, resources: [], loadFindings: [finding] });
      },
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
    if (request.writeRendered !== false && failed.size === 0) await writeRendered(request.root, rendered);
    const byName = new Map(rendered.map((r) => [r.target.name, r]));
    units = pipeline.targets.map((t) => failed.get(t.name) ?? loaded.get(t.name) ?? (unitsFromRendered(request.root, [byName.get(t.name) as RenderedTarget])[0] as Unit));
    if (failed.size > 0) notes.push(`${failed.size} of ${pipeline.targets.length} targets did not build (BLD findings); rendered/ left as it was`);
    argo = argoContext(pipeline, units);
    lap('load');
    timings.load = (timings.load ?? 0) + overlapped.load;
  }
  const findings = sortFindings([...units.flatMap((u) => unitFindings.get(u.name) ?? checker.unit(u)), ...checker.global(units, argo)]);
  lap('checks');
  timings.checks = (timings.checks ?? 0) + overlapped.checks;
  const resources = units.reduce((n, u) => n + u.resources.length, 0);
  return { findings, summary: summarise(findings, resources, units.length), units, rules, notes, timings };
}
