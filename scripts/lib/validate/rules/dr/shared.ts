/** What the dr rules share: which cluster a unit deploys to, and the CloudNativePG members. */
import { asArray, asObj, groupOf, type Obj } from '../../k8s.js';
import type { GlobalContext, Resource, Unit } from '../../types.js';

/** The cluster a unit is deployed to (its Argo CD target), undefined without Argo CD's model. */
export function clusterOfUnit(ctx: GlobalContext, unit: Unit): string | undefined {
  return ctx.argo?.targets.find((t) => t.name === unit.name)?.cluster;
}

export interface Placed {
  readonly unit: Unit;
  readonly resource: Resource;
  readonly cluster: string | undefined;
}

export function resourcesOf(ctx: GlobalContext, match: (r: Resource) => boolean): Placed[] {
  const out: Placed[] = [];
  for (const unit of ctx.units) {
    const cluster = clusterOfUnit(ctx, unit);
    for (const r of unit.resources) if (match(r)) out.push({ unit, resource: r, cluster });
  }
  return out;
}

export const isKind = (r: Resource, group: string, kind: string): boolean =>
  r.ref.kind === kind && groupOf(r.ref.apiVersion) === group;

/** A member of a CloudNativePG distributed topology: a Cluster whose spec.replica names itself. */
export function isMember(r: Resource): boolean {
  return isKind(r, 'postgresql.cnpg.io', 'Cluster') && typeof asObj(asObj(r.object.spec).replica).self === 'string';
}

/** CloudNativePG's Cluster.IsReplica(): enabled when set, else (self or name) != primary. */
export function isReplica(cluster: Obj): boolean {
  const replica = asObj(asObj(cluster.spec).replica);
  if (typeof replica.enabled === 'boolean') return replica.enabled;
  if (typeof replica.primary !== 'string' || replica.primary === '') return false;
  const self =
    typeof replica.self === 'string' && replica.self !== '' ? replica.self : String(asObj(cluster.metadata).name ?? '');
  return self !== replica.primary;
}

export const selfOf = (r: Resource): string => String(asObj(asObj(r.object.spec).replica).self ?? '');

/** The Barman Cloud plugin entry that archives WAL, and its index in spec.plugins. */
export function walArchiver(cluster: Obj): { index: number; serverName: string | undefined } | undefined {
  const plugins = asArray(asObj(cluster.spec).plugins).map(asObj);
  let index = plugins.findIndex((p) => p.isWALArchiver === true);
  if (index < 0) index = plugins.findIndex((p) => p.name === 'barman-cloud.cloudnative-pg.io');
  if (index < 0) return undefined;
  const sn = asObj(asObj(plugins[index]).parameters).serverName;
  return { index, serverName: typeof sn === 'string' ? sn : undefined };
}

/** The alerting rules of a PrometheusRule with their field paths. */
export function alertsOf(r: Resource): { alert: string; expr: string; labels: Obj; path: (string | number)[] }[] {
  const out: { alert: string; expr: string; labels: Obj; path: (string | number)[] }[] = [];
  asArray(asObj(r.object.spec).groups).forEach((g, gi) => {
    asArray(asObj(g).rules).forEach((rule, ri) => {
      const o = asObj(rule);
      if (typeof o.alert === 'string')
        out.push({
          alert: o.alert,
          expr: String(o.expr ?? ''),
          labels: asObj(o.labels),
          path: ['spec', 'groups', gi, 'rules', ri],
        });
    });
  });
  return out;
}

/** The host[:port] of an https URL (an API server in clusters/<name>/cluster.yaml). */
export function hostOf(url: string): string {
  return url.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
}
