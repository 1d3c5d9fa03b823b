/**
 * One side of a diff: every Application (deploy target) of a tree, rendered with the current
 * checkout's pipeline code, its resources keyed by identity, and whether deleting the Application
 * would delete its resources.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { RESOURCES_FINALIZER } from '../appset/index.js';
import type { FieldPath, ResourceRef } from '../findings.js';
import { environmentOrder } from '../clusters.js';
import { loadPipeline } from '../pipeline.js';
import type { Target } from '../targets.js';
import { renderUnits } from '../model/units.js';
import type { Location } from '../model/types.js';
import type { ClusterFacts } from './compare.js';
import { isObj } from '../objects.js';

/** What makes two rendered objects "the same resource" in a cluster. The version is not part of it. */
export interface Identity {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export interface SnapshotResource {
  readonly key: string;
  readonly identity: Identity;
  readonly object: Record<string, unknown>;
  readonly ref: ResourceRef;
  /** where a field is written in this side's tree (source manifest when traceable) */
  locate(path: FieldPath): Location;
}

/** Whether deleting the Application deletes what it deployed, and how we know. */
export interface DeletionPolicy {
  /** true: resources are kept (orphaned); false: Argo CD deletes them; undefined: unknown */
  readonly preserveResources: boolean | undefined;
  /** e.g. "ApplicationSet zarish-his-environments (argocd/base/applicationsets/environments.yaml)" */
  readonly source: string;
}

export interface AppSnapshot {
  readonly name: string;
  readonly cluster: string;
  readonly environment: string;
  /** repo-relative kustomize directory */
  readonly path: string;
  readonly resources: ReadonlyMap<string, SnapshotResource>;
  readonly deletion: DeletionPolicy;
  /** what Argo CD is told about the Application: project, destination, source(s), sync policy */
  readonly application: ApplicationView;
}

/** The Application-level fields a review must see change (the destination resolved to a server). */
export interface ApplicationView {
  readonly project?: unknown;
  readonly destination: { readonly server?: string | undefined; readonly namespace?: string | undefined };
  readonly source?: unknown;
  readonly sources?: unknown;
  readonly syncPolicy?: unknown;
}

function applicationView(target: Target, argo: ArgoView | undefined): ApplicationView {
  const app = argo?.applications.find((a) => a.name === (target.application?.name ?? target.name));
  const spec = app && isObj(app.object.spec) ? app.object.spec : {};
  const view: Record<string, unknown> = {
    project: spec.project ?? target.application?.project,
    destination: {
      server: target.application?.server ?? target.cluster,
      namespace:
        isObj(spec.destination) && typeof spec.destination.namespace === 'string'
          ? spec.destination.namespace
          : target.namespace,
    },
  };
  for (const key of ['source', 'sources', 'syncPolicy'] as const) if (spec[key] !== undefined) view[key] = spec[key];
  return view as unknown as ApplicationView;
}

/** Line of `environments:` in each cluster's cluster.yaml (where a move or removal of an environment is written). */
/** The hosting facts of each cluster.yaml of a tree, with the lines that write them. */
function clusterFacts(
  tree: string,
  clusters: readonly { name: string; file: string; environments: readonly string[]; hostsArgoCD: boolean }[],
): Map<string, ClusterFacts> {
  const out = new Map<string, ClusterFacts>();
  for (const c of clusters) {
    const full = path.join(tree, c.file);
    const text = existsSync(full) ? readFileSync(full, 'utf8').split('\n') : [];
    const environments = text.findIndex((l) => /^\s*environments\s*:/.test(l));
    const hosts = text.findIndex((l) => /^\s*hostsArgoCD\s*:/.test(l));
    out.set(c.name, {
      file: c.file,
      environments: [...c.environments],
      environmentsLine: environments >= 0 ? environments + 1 : 1,
      hostsArgoCD: c.hostsArgoCD,
      hostsArgoCDLine: hosts >= 0 ? hosts + 1 : undefined,
    });
  }
  return out;
}

export interface Snapshot {
  /** what the user named: a ref, or "working tree" */
  readonly label: string;
  /** full SHA, undefined for the working tree */
  readonly commit: string | undefined;
  readonly applications: ReadonlyMap<string, AppSnapshot>;
  /** lines for stderr (which kustomize, an empty side, ...) */
  readonly notes: readonly string[];
  /** cluster name -> what its cluster.yaml hosts, with lines */
  readonly clusterFacts?: ReadonlyMap<string, ClusterFacts> | undefined;
  /** this tree's environments in promotion order (environmentOrder of its clusters) */
  readonly environments?: readonly string[] | undefined;
}

export function groupOf(apiVersion: unknown): string {
  const text = String(apiVersion ?? '');
  return text.includes('/') ? (text.split('/')[0] as string) : '';
}

export function identityOf(object: Record<string, unknown>): Identity {
  const metadata = isObj(object.metadata) ? object.metadata : {};
  const name =
    typeof metadata.name === 'string'
      ? metadata.name
      : typeof metadata.generateName === 'string'
        ? `${metadata.generateName}*`
        : '';
  return {
    group: groupOf(object.apiVersion),
    kind: String(object.kind ?? ''),
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : '',
    name,
  };
}

export function identityKey(id: Identity): string {
  return `${id.group}|${id.kind}|${id.namespace}|${id.name}`;
}

/** "Deployment zarish-his-dev/patient-registry", "Cluster.postgresql.cnpg.io zarish-his-prod/postgres-cluster" */
export function identityLabel(id: Identity): string {
  const core = id.group === '' || /^[a-z]+$/.test(id.group) ? id.kind : `${id.kind}.${id.group}`;
  return `${core} ${id.namespace ? `${id.namespace}/` : ''}${id.name}`;
}

// ---- Deletion policy -------------------------------------------------------------------------

interface AppSetInfo {
  readonly name: string;
  readonly file: string;
  readonly preserve: boolean;
  readonly hasFinalizers: boolean;
  /** source paths of the template, as regular expressions, with their number of literal characters */
  readonly paths: readonly { readonly pattern: RegExp; readonly literal: number }[];
}

function templatePattern(template: string): { pattern: RegExp; literal: number } {
  const parts = template.split(/\{\{.*?\}\}/s);
  const literal = parts.join('').length;
  const escaped = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return { pattern: new RegExp(`^${escaped.join('.+')}$`), literal };
}

/** Where ApplicationSets are written: one Argo CD (argocd/applicationsets) or one per site sharing argocd/base. */
const APPSET_DIRS = ['argocd/applicationsets', 'argocd/base/applicationsets'];

function readAppSets(tree: string): AppSetInfo[] {
  const out: AppSetInfo[] = [];
  for (const rel of APPSET_DIRS) out.push(...readAppSetDir(tree, rel));
  return out;
}

function readAppSetDir(tree: string, rel: string): AppSetInfo[] {
  const dir = path.join(tree, rel);
  if (!existsSync(dir)) return [];
  const out: AppSetInfo[] = [];
  for (const entry of readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !/^kustomization\.ya?ml$/.test(f))
    .sort()) {
    const file = `${rel}/${entry}`;
    let docs: unknown[];
    try {
      docs = parseAllDocuments(readFileSync(path.join(dir, entry), 'utf8')).map((d) => d.toJS() as unknown);
    } catch {
      continue;
    }
    for (const doc of docs) {
      if (!isObj(doc) || doc.kind !== 'ApplicationSet') continue;
      const spec = isObj(doc.spec) ? doc.spec : {};
      const template = isObj(spec.template) ? spec.template : {};
      const tSpec = isObj(template.spec) ? template.spec : {};
      const tMeta = isObj(template.metadata) ? template.metadata : {};
      const sources = [tSpec.source, ...(Array.isArray(tSpec.sources) ? tSpec.sources : [])].filter(isObj);
      out.push({
        name: String(isObj(doc.metadata) ? doc.metadata.name : entry),
        file,
        preserve: isObj(spec.syncPolicy) && spec.syncPolicy.preserveResourcesOnDeletion === true,
        hasFinalizers: Array.isArray(tMeta.finalizers) && tMeta.finalizers.length > 0,
        paths: sources
          .map((s) => s.path)
          .filter((p): p is string => typeof p === 'string')
          .map(templatePattern),
      });
    }
  }
  return out;
}

/** What Argo CD's offline model says about one Application (a subset of ArgoModel, to stay decoupled). */
interface ArgoView {
  readonly applications: readonly {
    readonly name: string;
    readonly object: Record<string, unknown>;
    readonly appset: string | undefined;
  }[];
  readonly applicationSets: readonly Record<string, unknown>[];
}

/**
 * How deleting a target's Application treats its resources. Prefers the rendered Application
 * (its finalizers say it exactly: the controller adds the resources finalizer unless the
 * ApplicationSet sets preserveResourcesOnDeletion); otherwise finds the ApplicationSet file whose
 * template source path matches the target's path most specifically.
 */
export function deletionPolicyFor(
  target: Target,
  appsets: readonly AppSetInfo[],
  argo?: ArgoView | undefined,
): DeletionPolicy {
  const appName = target.application?.name ?? target.name;
  const app = argo?.applications.find((a) => a.name === appName);
  if (app && isObj(app.object.metadata)) {
    const finalizers = Array.isArray(app.object.metadata.finalizers) ? app.object.metadata.finalizers : [];
    const deletes = finalizers.includes(RESOURCES_FINALIZER);
    const set = app.appset
      ? argo?.applicationSets.find((s) => isObj(s.metadata) && s.metadata.name === app.appset)
      : undefined;
    const preserveFlag =
      set && isObj(set.spec) && isObj(set.spec.syncPolicy) && set.spec.syncPolicy.preserveResourcesOnDeletion === true;
    const file = appsets.find((s) => s.name === app.appset)?.file;
    const from = app.appset ? `ApplicationSet ${app.appset}${file ? ` (${file})` : ''}` : `Application ${appName}`;
    const why = deletes
      ? `${from} gives it the finalizer ${RESOURCES_FINALIZER}`
      : preserveFlag
        ? `${from} sets syncPolicy.preserveResourcesOnDeletion: true`
        : `${from}: no ${RESOURCES_FINALIZER}`;
    return { preserveResources: !deletes, source: why };
  }
  let best: { set: AppSetInfo; literal: number } | undefined;
  for (const set of appsets) {
    for (const p of set.paths) {
      if (p.pattern.test(target.path) && (!best || p.literal > best.literal)) best = { set, literal: p.literal };
    }
  }
  if (!best)
    return {
      preserveResources: undefined,
      source: `no ApplicationSet in ${APPSET_DIRS.join(' or ')} generates this path`,
    };
  const set = best.set;
  // The controller adds the resources finalizer unless preserveResourcesOnDeletion is set or the template has its own
  // finalizers.
  const preserve = set.preserve ? true : set.hasFinalizers ? undefined : false;
  return {
    preserveResources: preserve,
    source:
      `ApplicationSet ${set.name} (${set.file})` +
      `${set.preserve ? ' sets syncPolicy.preserveResourcesOnDeletion: true' : ''}`,
  };
}

// ---- Rendering -------------------------------------------------------------------------------

/**
 * Renders every target of `tree` with this checkout's pipeline and indexes the result. A tree
 * without clusters/ (a ref from before the repo had them) is an empty snapshot.
 */
export async function snapshotTree(tree: string, label: string, commit: string | undefined): Promise<Snapshot> {
  if (!existsSync(path.join(tree, 'clusters'))) {
    return { label, commit, applications: new Map(), notes: [`${label}: no clusters/ directory, treated as empty`] };
  }
  const pipeline = await loadPipeline(tree);
  const { units, rendered } = await renderUnits(pipeline);
  const appsets = readAppSets(tree);
  const applications = new Map<string, AppSnapshot>();
  rendered.forEach((r, i) => {
    const unit = units[i];
    const resources = new Map<string, SnapshotResource>();
    for (const res of unit?.resources ?? []) {
      const identity = identityOf(res.object);
      const key = identityKey(identity);
      resources.set(key, { key, identity, object: res.object, ref: res.ref, locate: res.locate });
    }
    applications.set(r.target.name, {
      name: r.target.name,
      cluster: r.target.cluster,
      environment: r.target.environment,
      path: r.target.path,
      resources,
      deletion: deletionPolicyFor(r.target, appsets, pipeline.argo),
      application: applicationView(r.target, pipeline.argo),
    });
  });
  return {
    label,
    commit,
    applications,
    notes: pipeline.notes.map((n) => `${label}: ${n}`),
    clusterFacts: clusterFacts(tree, pipeline.clusters),
    environments: environmentOrder(pipeline.clusters),
  };
}
