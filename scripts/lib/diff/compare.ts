/** Matches two snapshots by Application and resource identity. Pure. */
import { diffFields, type FieldChange } from './fields.js';
import type { AppSnapshot, Identity, Snapshot, SnapshotResource } from './snapshot.js';

export interface ResourceChange {
  readonly key: string;
  readonly identity: Identity;
  /** the head's apiVersion, else the base's */
  readonly apiVersion: string;
  readonly base: SnapshotResource | undefined;
  readonly head: SnapshotResource | undefined;
  /** empty for added and removed resources */
  readonly fields: readonly FieldChange[];
}

export type AppStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface AppDiff {
  readonly name: string;
  readonly cluster: string;
  readonly environment: string;
  readonly status: AppStatus;
  readonly base: AppSnapshot | undefined;
  readonly head: AppSnapshot | undefined;
  readonly added: readonly ResourceChange[];
  readonly removed: readonly ResourceChange[];
  readonly changed: readonly ResourceChange[];
  /** changes of the Application itself (project, destination, source, sync policy) */
  readonly application: readonly FieldChange[];
}

export interface SideInfo {
  readonly label: string;
  readonly commit: string | undefined;
  /** cluster name -> where its cluster.yaml says what it hosts (this side's tree) */
  readonly clusterFacts?: ReadonlyMap<string, ClusterFacts> | undefined;
}

/** What a cluster.yaml says about the Applications its Argo CD runs, and on which lines. */
export interface ClusterFacts {
  readonly file: string;
  readonly environments: readonly string[];
  /** line of spec.environments */
  readonly environmentsLine: number;
  readonly hostsArgoCD: boolean;
  /** line of spec.hostsArgoCD, when written */
  readonly hostsArgoCDLine?: number | undefined;
}

export interface DiffResult {
  readonly base: SideInfo;
  readonly head: SideInfo;
  /** every Application of either side, sorted by environment order, cluster, name */
  readonly applications: readonly AppDiff[];
  /** the environments in promotion order (the clusters' spec.environments; head's first) */
  readonly environments: readonly string[];
  /** head lines the change touches, per repo-relative file (git diff), when known */
  readonly changedLines?: ReadonlyMap<string, readonly number[]> | undefined;
}

/** The sides' environments in promotion order (head's first), then the clusters' own manifests. */
function environmentOrderOf(base: Snapshot, head: Snapshot): string[] {
  return [...new Set([...(head.environments ?? []), ...(base.environments ?? []), 'cluster'])];
}

function byIdentity(a: ResourceChange, b: ResourceChange): number {
  const x = a.identity;
  const y = b.identity;
  return (
    x.kind.localeCompare(y.kind) ||
    x.group.localeCompare(y.group) ||
    x.namespace.localeCompare(y.namespace) ||
    x.name.localeCompare(y.name)
  );
}

function apiVersionOf(r: SnapshotResource | undefined): string {
  return String(r?.object.apiVersion ?? '');
}

export function diffApplication(name: string, base: AppSnapshot | undefined, head: AppSnapshot | undefined): AppDiff {
  const added: ResourceChange[] = [];
  const removed: ResourceChange[] = [];
  const changed: ResourceChange[] = [];
  const before = base?.resources ?? new Map<string, SnapshotResource>();
  const after = head?.resources ?? new Map<string, SnapshotResource>();
  for (const [key, b] of before) {
    const h = after.get(key);
    if (!h)
      removed.push({ key, identity: b.identity, apiVersion: apiVersionOf(b), base: b, head: undefined, fields: [] });
    else {
      const fields = diffFields(b.object, h.object);
      if (fields.length > 0)
        changed.push({ key, identity: h.identity, apiVersion: apiVersionOf(h), base: b, head: h, fields });
    }
  }
  for (const [key, h] of after)
    if (!before.has(key))
      added.push({ key, identity: h.identity, apiVersion: apiVersionOf(h), base: undefined, head: h, fields: [] });
  const app = (head ?? base) as AppSnapshot;
  const application =
    base && head && base.application && head.application ? diffFields(base.application, head.application) : [];
  const status: AppStatus = !base
    ? 'added'
    : !head
      ? 'removed'
      : added.length + removed.length + changed.length + application.length > 0
        ? 'changed'
        : 'unchanged';
  return {
    name,
    cluster: app.cluster,
    environment: app.environment,
    status,
    base,
    head,
    added: added.sort(byIdentity),
    removed: removed.sort(byIdentity),
    changed: changed.sort(byIdentity),
    application,
  };
}

export function diffSnapshots(
  base: Snapshot,
  head: Snapshot,
  changedLines?: ReadonlyMap<string, readonly number[]>,
): DiffResult {
  const names = [...new Set([...base.applications.keys(), ...head.applications.keys()])];
  const applications = names.map((n) => diffApplication(n, base.applications.get(n), head.applications.get(n)));
  const order = environmentOrderOf(base, head);
  const environmentRank = (env: string): number => {
    const i = order.indexOf(env);
    return i < 0 ? order.length : i;
  };
  applications.sort(
    (a, b) =>
      environmentRank(a.environment) - environmentRank(b.environment) ||
      a.environment.localeCompare(b.environment) ||
      a.cluster.localeCompare(b.cluster) ||
      a.name.localeCompare(b.name),
  );
  return {
    base: { label: base.label, commit: base.commit, clusterFacts: base.clusterFacts },
    head: { label: head.label, commit: head.commit, clusterFacts: head.clusterFacts },
    applications,
    environments: order.filter((e) => e !== 'cluster'),
    changedLines,
  };
}
