/**
 * The compute a namespace asks for at its peak, as a ResourceQuota counts it. Pure functions.
 *
 * What is counted, per namespace (of one cluster: every Application deployed there, namespaceScopes):
 * - every pod template of the unit, times its peak replica count: HPA maxReplicas when an HPA scales the
 *   workload, else spec.replicas (default 1); a DaemonSet once (one node assumed: the unit does not say how
 *   many nodes match); a Job or CronJob spec.parallelism (default 1) once (concurrencyPolicy Forbid assumed);
 *   a bare Pod once. Rolling-update surge pods and finished Job pods are not counted.
 * - a pod's request/limit as the scheduler and quota see it: max(largest init container, sum of the app
 *   containers plus restartable (sidecar) init containers); pod overhead is not counted.
 * - a container's values after what the API server does: a missing request defaults to the limit; then the
 *   namespace's LimitRange (type Container) fills missing limits from `default` and missing requests from
 *   `defaultRequest` (which itself defaults to `default`, then `min`; `default` defaults to `max`).
 * - pods operators create from custom resources that declare resources: CloudNativePG Cluster
 *   (spec.resources × instances, plus the Barman Cloud plugin sidecar from its ObjectStore's
 *   instanceSidecarConfiguration), Pooler (the pgbouncer container of spec.template × instances), RedisCluster
 *   (leader and follower resources, else kubernetesConfig.resources, plus the exporter sidecar, × replicas
 *   each, clusterSize by default), KafkaNodePool (spec.resources × replicas), Kafka (brokers and ZooKeeper
 *   without node pools, entity operator, Kafka Exporter, Cruise Control: one pod each). A component that
 *   declares no resources is counted at the LimitRange defaults when the namespace has one, else its pods
 *   count but its compute does not (said in the CAP-02 message). Operator Jobs (backups, initdb) are not counted.
 */
import { asArray, asObj, containersOf, groupOf, isObj, parseQuantity, podTemplateOf, type Obj } from '../../k8s.js';
import { combineUnits } from '../../../model/combine.js';
import type { Resource, Unit } from '../../types.js';
import { hpasByTarget, label, nameOf, namespaceOf, usesNodePools } from '../references/workloads.js';

export const COMPUTE = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'] as const;
export type Compute = (typeof COMPUTE)[number];
export type Amounts = Record<Compute, number>;

const zero = (): Amounts => ({ 'requests.cpu': 0, 'requests.memory': 0, 'limits.cpu': 0, 'limits.memory': 0 });

/** LimitRange defaults of a namespace for containers: resource (cpu, memory) -> quantity. */
export interface ContainerDefaults {
  readonly limits: Readonly<Record<string, number>>;
  readonly requests: Readonly<Record<string, number>>;
  readonly from: string;
}

function quantities(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(asObj(value))) {
    const n = parseQuantity(v);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

/** The namespace's LimitRange container defaults, defaulted as the API server defaults a LimitRangeItem. */
export function limitRangeDefaults(unit: Unit): Map<string, ContainerDefaults> {
  const out = new Map<string, ContainerDefaults>();
  for (const r of unit.resources) {
    if (r.ref.kind !== 'LimitRange' || r.ref.apiVersion !== 'v1') continue;
    for (const item of asArray(asObj(r.object.spec).limits)) {
      const it = asObj(item);
      if (it.type !== 'Container') continue;
      const limits = { ...quantities(it.max), ...quantities(it.default) };
      const requests = { ...quantities(it.min), ...limits, ...quantities(it.defaultRequest) };
      const ns = namespaceOf(r);
      const prev = out.get(ns);
      // Several LimitRanges: the first one to set a resource wins.
      out.set(
        ns,
        prev
          ? { limits: { ...limits, ...prev.limits }, requests: { ...requests, ...prev.requests }, from: prev.from }
          : { limits, requests, from: `LimitRange ${nameOf(r)}` },
      );
    }
  }
  return out;
}

export interface ContainerAmounts {
  readonly amounts: Amounts;
  /** quota'd values the container still lacks after defaulting */
  readonly missing: readonly Compute[];
  readonly declared: boolean;
}

/** One container's requests and limits of cpu and memory after API defaulting and the LimitRange. */
export function containerAmounts(resources: unknown, defaults: ContainerDefaults | undefined): ContainerAmounts {
  const res = asObj(resources);
  const limits = quantities(res.limits);
  const requests = quantities(res.requests);
  const declared = Object.keys(limits).length + Object.keys(requests).length > 0;
  const amounts = zero();
  const missing: Compute[] = [];
  for (const name of ['cpu', 'memory'] as const) {
    const limit = limits[name] ?? defaults?.limits[name];
    const request = requests[name] ?? limits[name] ?? defaults?.requests[name];
    if (request === undefined) missing.push(`requests.${name}`);
    else amounts[`requests.${name}`] = request;
    if (limit === undefined) missing.push(`limits.${name}`);
    else amounts[`limits.${name}`] = limit;
  }
  return { amounts, missing, declared };
}

/** Per pod: max(largest init container, app containers + sidecar init containers), per resource. */
function podAmounts(apps: readonly Amounts[], inits: readonly Amounts[]): Amounts {
  const out = zero();
  for (const k of COMPUTE) {
    const sum = apps.reduce((a, c) => a + c[k], 0);
    const init = inits.reduce((a, c) => Math.max(a, c[k]), 0);
    out[k] = Math.max(sum, init);
  }
  return out;
}

export interface ContainerGap {
  readonly resource: Resource;
  readonly path: readonly (string | number)[];
  readonly container: string;
  readonly missing: readonly Compute[];
}

/** One workload's share of a namespace's quota. */
export interface Demand {
  readonly resource: Resource;
  readonly namespace: string;
  /** "Deployment/web" or "CloudNativePG Cluster db instances" */
  readonly what: string;
  readonly pods: number;
  /** why that many pods: "HPA web maxReplicas", "spec.replicas", ... */
  readonly podsFrom: string;
  readonly perPod: Amounts;
  readonly operator: boolean;
  /** an operator component that declares no resources and has no LimitRange default: compute not counted */
  readonly uncounted: boolean;
  /** counted at the namespace's LimitRange defaults */
  readonly defaulted: boolean;
  /** containers of written pod templates that lack a value the quota tracks */
  readonly gaps: readonly ContainerGap[];
}

function replicasOf(r: Resource, hpas: ReadonlyMap<Resource, Resource>): { pods: number; from: string } {
  const spec = asObj(r.object.spec);
  const num = (v: unknown): number | undefined =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
  switch (r.ref.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
    case 'ReplicationController': {
      const hpa = hpas.get(r);
      if (hpa) {
        const max = num(asObj(hpa.object.spec).maxReplicas);
        if (max !== undefined) return { pods: max, from: `HPA ${nameOf(hpa)} maxReplicas` };
      }
      const n = num(spec.replicas);
      return n !== undefined ? { pods: n, from: 'spec.replicas' } : { pods: 1, from: 'spec.replicas unset: 1' };
    }
    case 'DaemonSet':
      return { pods: 1, from: 'DaemonSet: one node assumed' };
    case 'Job':
      return { pods: num(spec.parallelism) ?? 1, from: 'Job parallelism' };
    case 'CronJob':
      return { pods: num(asObj(asObj(spec.jobTemplate).spec).parallelism) ?? 1, from: 'one run at a time' };
    default:
      return { pods: 1, from: 'a bare Pod' };
  }
}

function podTemplateDemand(
  r: Resource,
  hpas: ReadonlyMap<Resource, Resource>,
  defaults: ContainerDefaults | undefined,
): Demand | undefined {
  const template = podTemplateOf(r.object);
  if (!template) return undefined;
  const apps: Amounts[] = [];
  const inits: Amounts[] = [];
  const gaps: ContainerGap[] = [];
  for (const c of containersOf(template)) {
    if (c.path.includes('ephemeralContainers')) continue;
    const a = containerAmounts(c.container.resources, defaults);
    if (a.missing.length)
      gaps.push({ resource: r, path: [...c.path, 'resources'], container: c.name, missing: a.missing });
    if (c.init && c.container.restartPolicy !== 'Always') inits.push(a.amounts);
    else apps.push(a.amounts);
  }
  const { pods, from } = replicasOf(r, hpas);
  return {
    resource: r,
    namespace: namespaceOf(r),
    what: label(r),
    pods,
    podsFrom: from,
    perPod: podAmounts(apps, inits),
    operator: false,
    uncounted: false,
    defaulted: false,
    gaps,
  };
}

/** An operator's pods: the resources blocks of their containers (undefined = not declared). */
function operatorDemand(
  r: Resource,
  what: string,
  pods: number,
  podsFrom: string,
  containers: readonly unknown[],
  defaults: ContainerDefaults | undefined,
): Demand {
  const blocks = containers.map((c) => (isObj(c) && (isObj(c.requests) || isObj(c.limits)) ? c : undefined));
  const declared = blocks.some((b) => b !== undefined);
  const uncounted = !declared && !defaults;
  const amounts = uncounted ? [] : blocks.map((b) => containerAmounts(b, defaults).amounts);
  return {
    resource: r,
    namespace: namespaceOf(r),
    what,
    pods,
    podsFrom,
    perPod: podAmounts(amounts, []),
    operator: true,
    uncounted,
    defaulted: !declared && !!defaults,
    gaps: [],
  };
}

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

function operatorDemands(unit: Unit, defaultsOf: (ns: string) => ContainerDefaults | undefined): Demand[] {
  const out: Demand[] = [];
  const objectStores = new Map(
    unit.resources
      .filter((r) => groupOf(r.ref.apiVersion) === 'barmancloud.cnpg.io' && r.ref.kind === 'ObjectStore')
      .map((r) => [`${namespaceOf(r)}/${nameOf(r)}`, r]),
  );
  for (const r of unit.resources) {
    const group = groupOf(r.ref.apiVersion);
    const spec = asObj(r.object.spec);
    const name = nameOf(r);
    const defaults = defaultsOf(namespaceOf(r));
    if (group === 'postgresql.cnpg.io' && r.ref.kind === 'Cluster') {
      const containers: unknown[] = [spec.resources];
      for (const plugin of asArray(spec.plugins)) {
        const store = objectStores.get(
          `${namespaceOf(r)}/${String(asObj(asObj(plugin).parameters).barmanObjectName ?? '')}`,
        );
        const sidecar = store ? asObj(asObj(store.object.spec).instanceSidecarConfiguration).resources : undefined;
        if (isObj(sidecar)) containers.push(sidecar);
      }
      out.push(
        operatorDemand(r, `CloudNativePG Cluster ${name}`, count(spec.instances, 1), 'instances', containers, defaults),
      );
    } else if (group === 'postgresql.cnpg.io' && r.ref.kind === 'Pooler') {
      const pgbouncer = asArray(asObj(asObj(spec.template).spec).containers)
        .map(asObj)
        .find((c) => c.name === 'pgbouncer');
      out.push(
        operatorDemand(
          r,
          `CloudNativePG Pooler ${name}`,
          count(spec.instances, 1),
          'instances',
          [pgbouncer?.resources],
          defaults,
        ),
      );
    } else if (group === 'redis.redis.opstreelabs.in' && r.ref.kind === 'RedisCluster') {
      const size = count(spec.clusterSize, 3);
      const exporter = asObj(spec.redisExporter);
      for (const role of ['Leader', 'Follower'] as const) {
        const part = asObj(spec[`redis${role}`]);
        const main = isObj(part.resources)
          ? part.resources
          : isObj(asObj(spec.kubernetesConfig).resources)
            ? asObj(spec.kubernetesConfig).resources
            : spec.resources;
        const containers = exporter.enabled === true ? [main, exporter.resources] : [main];
        out.push(
          operatorDemand(
            r,
            `RedisCluster ${name} ${role.toLowerCase()}s`,
            count(part.replicas, size),
            part.replicas === undefined ? 'clusterSize' : `redis${role}.replicas`,
            containers,
            defaults,
          ),
        );
      }
    } else if (group === 'kafka.strimzi.io' && r.ref.kind === 'KafkaNodePool') {
      out.push(
        operatorDemand(r, `KafkaNodePool ${name}`, count(spec.replicas, 0), 'replicas', [spec.resources], defaults),
      );
    } else if (group === 'kafka.strimzi.io' && r.ref.kind === 'Kafka') {
      if (!usesNodePools(r)) {
        const kafka = asObj(spec.kafka);
        out.push(
          operatorDemand(
            r,
            `Kafka ${name} brokers`,
            count(kafka.replicas, 0),
            'spec.kafka.replicas',
            [kafka.resources],
            defaults,
          ),
        );
        if (isObj(spec.zookeeper))
          out.push(
            operatorDemand(
              r,
              `Kafka ${name} ZooKeeper`,
              count(spec.zookeeper.replicas, 0),
              'spec.zookeeper.replicas',
              [spec.zookeeper.resources],
              defaults,
            ),
          );
      }
      const eo = spec.entityOperator;
      if (isObj(eo)) {
        const containers = (['topicOperator', 'userOperator'] as const)
          .filter((k) => isObj(eo[k]))
          .map((k) => asObj(eo[k]).resources);
        if (containers.length)
          out.push(operatorDemand(r, `Kafka ${name} entity operator`, 1, 'one pod', containers, defaults));
      }
      for (const [field, what] of [
        ['kafkaExporter', 'Kafka Exporter'],
        ['cruiseControl', 'Cruise Control'],
      ] as const) {
        if (isObj(spec[field]))
          out.push(operatorDemand(r, `Kafka ${name} ${what}`, 1, 'one pod', [asObj(spec[field]).resources], defaults));
      }
    }
  }
  return out;
}

/** Every workload's demand in the unit, grouped by namespace. */
export function demandsByNamespace(unit: Unit): Map<string, Demand[]> {
  const hpas = hpasByTarget(unit);
  const defaults = limitRangeDefaults(unit);
  const all: Demand[] = [];
  for (const r of unit.resources) {
    const d = podTemplateDemand(r, hpas, defaults.get(namespaceOf(r)));
    if (d) all.push(d);
  }
  all.push(...operatorDemands(unit, (ns) => defaults.get(ns)));
  const out = new Map<string, Demand[]>();
  for (const d of all) {
    const list = out.get(d.namespace) ?? [];
    list.push(d);
    out.set(d.namespace, list);
  }
  return out;
}

/**
 * What a namespace's quota sees: the units deployed to one cluster taken together (a ResourceQuota
 * and a LimitRange apply to every pod of their namespace, whichever Application deploys it). A unit
 * without a cluster (a path argument) stands alone. One unit per cluster is returned as it is.
 */
export function namespaceScopes(units: readonly Unit[]): Unit[] {
  const groups = new Map<string, Unit[]>();
  for (const u of units) {
    const key = u.cluster === undefined ? `unit\u0000${u.name}` : `cluster\u0000${u.cluster}`;
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  return [...groups.values()].map((of) => combineUnits(of, `cluster ${of[0]?.cluster}`) as Unit);
}

/** Quota keys this check evaluates, and what they measure. */
export const QUOTA_KEYS: Readonly<Record<string, Compute | 'pods'>> = {
  'requests.cpu': 'requests.cpu',
  cpu: 'requests.cpu',
  'requests.memory': 'requests.memory',
  memory: 'requests.memory',
  'limits.cpu': 'limits.cpu',
  'limits.memory': 'limits.memory',
  pods: 'pods',
  'count/pods': 'pods',
};

export function totalOf(demands: readonly Demand[], measure: Compute | 'pods'): number {
  return demands.reduce(
    (sum, d) => sum + (measure === 'pods' ? d.pods : d.uncounted ? 0 : d.pods * d.perPod[measure]),
    0,
  );
}

/** A value as people write it: cores ("7.75"), bytes ("37.5Gi", "512Mi"), pods ("12"). */
export function show(measure: Compute | 'pods', value: number): string {
  const round = (n: number, digits: number): string => String(Number(n.toFixed(digits)));
  if (measure === 'pods') return round(value, 0);
  if (measure.endsWith('cpu')) return round(value, 3);
  const abs = Math.abs(value);
  if (abs >= 1024 ** 3) return `${round(value / 1024 ** 3, 2)}Gi`;
  if (abs >= 1024 ** 2 || abs === 0) return `${round(value / 1024 ** 2, 1)}Mi`;
  return `${round(value, 0)}`;
}

/** Quota'd resources a ResourceQuota with scopes counts only for some pods: not evaluated. */
export function isScoped(quota: Obj): boolean {
  const spec = asObj(quota.spec);
  return asArray(spec.scopes).length > 0 || isObj(spec.scopeSelector);
}
