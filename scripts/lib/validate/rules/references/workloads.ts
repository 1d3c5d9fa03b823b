/**
 * Facts the cross-resource rules (and the capacity rules) share: which pods a unit runs, including
 * the pods operators create from custom resources, and which workload an HPA scales. Pure functions.
 */
import {
  asArray,
  asObj,
  groupOf,
  isObj,
  podTemplateOf,
  selectorMatches,
  type Obj,
  type PodTemplate,
} from '../../k8s.js';
import type { Resource, Unit } from '../../types.js';

/**
 * The namespace of a resource's ref ('' for path arguments without one). (security/pods.ts
 * landingNamespace also falls back to the unit's destination namespace.)
 */
export function namespaceOf(r: Resource): string {
  return r.ref.namespace ?? '';
}

export function isKind(r: Resource, group: string, kind: string): boolean {
  return r.ref.kind === kind && groupOf(r.ref.apiVersion) === group;
}

export function resourcesOf(unit: Unit, group: string, kind: string): Resource[] {
  return unit.resources.filter((r) => isKind(r, group, kind));
}

export function nameOf(r: Resource): string {
  return r.ref.name ?? '?';
}

export function label(r: Resource): string {
  return `${r.ref.kind}/${nameOf(r)}`;
}

/** A pod template written in the unit (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, ...). */
export interface PodSource {
  readonly resource: Resource;
  readonly template: PodTemplate;
  readonly namespace: string;
  readonly labels: Obj;
}

/**
 * Per-unit results computed once: several rules (and every PDB) ask for the same lists, and
 * recomputing them per resource made large units quadratic.
 */
function perUnit<T>(compute: (unit: Unit) => T): (unit: Unit) => T {
  const memo = new WeakMap<Unit, T>();
  return (unit) => {
    let value = memo.get(unit);
    if (value === undefined) {
      value = compute(unit);
      memo.set(unit, value);
    }
    return value;
  };
}

export const podSources: (unit: Unit) => readonly PodSource[] = perUnit((unit) => {
  const out: PodSource[] = [];
  for (const r of unit.resources) {
    const template = podTemplateOf(r.object);
    if (template)
      out.push({ resource: r, template, namespace: namespaceOf(r), labels: asObj(template.metadata.labels) });
  }
  return out;
});

/**
 * Pods an operator creates from a custom resource in the unit, with the labels the operator puts on them
 * (CloudNativePG Cluster and Pooler, OpsTree RedisCluster, Strimzi Kafka / KafkaNodePool). Only the labels
 * are modelled: selectors may point at them; their containers and ports are the operator's.
 */
export interface OperatorPods {
  readonly resource: Resource;
  readonly namespace: string;
  /** one label set per kind of pod (primary and replica, leader and follower, ...) */
  readonly labelSets: readonly Obj[];
  /** e.g. "CloudNativePG Cluster postgres-cluster instances" */
  readonly what: string;
  /** how many such pods the operator runs */
  readonly replicas: number;
}

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** Whether a Strimzi Kafka uses KafkaNodePools (then spec.kafka.replicas/resources are not used). */
export function usesNodePools(kafka: Resource): boolean {
  const annotations = asObj(asObj(kafka.object.metadata).annotations);
  return annotations['strimzi.io/node-pools'] === 'enabled' || kafka.ref.apiVersion === 'kafka.strimzi.io/v1';
}

export const operatorPods: (unit: Unit) => readonly OperatorPods[] = perUnit((unit) => {
  const out: OperatorPods[] = [];
  for (const r of unit.resources) {
    const group = groupOf(r.ref.apiVersion);
    const spec = asObj(r.object.spec);
    const name = nameOf(r);
    const namespace = namespaceOf(r);
    const extra = asObj(asObj(asObj(spec.inheritedMetadata).labels));
    if (group === 'postgresql.cnpg.io' && r.ref.kind === 'Cluster') {
      const base = { ...extra, 'cnpg.io/cluster': name, 'cnpg.io/podRole': 'instance' };
      out.push({
        resource: r,
        namespace,
        what: `CloudNativePG Cluster ${name} instances`,
        replicas: count(spec.instances, 1),
        labelSets: [
          { ...base, 'cnpg.io/instanceRole': 'primary', role: 'primary' },
          { ...base, 'cnpg.io/instanceRole': 'replica', role: 'replica' },
        ],
      });
    } else if (group === 'postgresql.cnpg.io' && r.ref.kind === 'Pooler') {
      const templateLabels = asObj(asObj(asObj(spec.template).metadata).labels);
      out.push({
        resource: r,
        namespace,
        what: `CloudNativePG Pooler ${name}`,
        replicas: count(spec.instances, 1),
        labelSets: [
          {
            ...templateLabels,
            'cnpg.io/poolerName': name,
            'cnpg.io/podRole': 'pooler',
            'cnpg.io/cluster': String(asObj(spec.cluster).name ?? ''),
          },
        ],
      });
    } else if (group === 'redis.redis.opstreelabs.in' && r.ref.kind === 'RedisCluster') {
      const size = count(spec.clusterSize, 3);
      for (const role of ['leader', 'follower'] as const) {
        const part = asObj(spec[role === 'leader' ? 'redisLeader' : 'redisFollower']);
        out.push({
          resource: r,
          namespace,
          what: `RedisCluster ${name} ${role}s`,
          replicas: count(part.replicas, size),
          labelSets: [{ app: `${name}-${role}`, redis_setup_type: 'cluster', role }],
        });
      }
    } else if (
      group === 'redis.redis.opstreelabs.in' &&
      (r.ref.kind === 'Redis' || r.ref.kind === 'RedisReplication')
    ) {
      out.push({
        resource: r,
        namespace,
        what: `${r.ref.kind} ${name}`,
        replicas: r.ref.kind === 'Redis' ? 1 : count(spec.clusterSize, 1),
        labelSets: [{ app: name, redis_setup_type: r.ref.kind === 'Redis' ? 'standalone' : 'replication' }],
      });
    } else if (group === 'kafka.strimzi.io' && r.ref.kind === 'KafkaNodePool') {
      const cluster = String(asObj(asObj(r.object.metadata).labels)['strimzi.io/cluster'] ?? '');
      const roles = asArray(spec.roles).map(String);
      out.push({
        resource: r,
        namespace,
        what: `KafkaNodePool ${name} nodes`,
        replicas: count(spec.replicas, 0),
        labelSets: [
          {
            'strimzi.io/cluster': cluster,
            'strimzi.io/kind': 'Kafka',
            'strimzi.io/name': `${cluster}-kafka`,
            'strimzi.io/pool-name': name,
            ...(roles.includes('broker') ? { 'strimzi.io/broker-role': 'true' } : {}),
            ...(roles.includes('controller') ? { 'strimzi.io/controller-role': 'true' } : {}),
          },
        ],
      });
    } else if (group === 'kafka.strimzi.io' && r.ref.kind === 'Kafka') {
      const kafka = asObj(spec.kafka);
      if (!usesNodePools(r)) {
        out.push({
          resource: r,
          namespace,
          what: `Kafka ${name} brokers`,
          replicas: count(kafka.replicas, 0),
          labelSets: [{ 'strimzi.io/cluster': name, 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': `${name}-kafka` }],
        });
        if (isObj(spec.zookeeper))
          out.push({
            resource: r,
            namespace,
            what: `Kafka ${name} ZooKeeper`,
            replicas: count(asObj(spec.zookeeper).replicas, 0),
            labelSets: [
              { 'strimzi.io/cluster': name, 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': `${name}-zookeeper` },
            ],
          });
      }
      for (const [field, suffix] of [
        ['entityOperator', 'entity-operator'],
        ['kafkaExporter', 'kafka-exporter'],
        ['cruiseControl', 'cruise-control'],
      ] as const) {
        if (isObj(spec[field]))
          out.push({
            resource: r,
            namespace,
            what: `Kafka ${name} ${suffix}`,
            replicas: 1,
            labelSets: [
              { 'strimzi.io/cluster': name, 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': `${name}-${suffix}` },
            ],
          });
      }
    }
  }
  return out;
});

/** Whether a LabelSelector selects any of the operator's label sets. */
export function selectsOperatorPods(selector: Obj, pods: OperatorPods, mapSelector = false): boolean {
  return pods.labelSets.some((labels) =>
    mapSelector
      ? Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v)
      : selectorMatches(selector, labels),
  );
}

/** The resource an HPA's scaleTargetRef names: same kind, name, namespace and API group (version ignored). */
const byKindAndName = perUnit((unit) => {
  const out = new Map<string, Resource[]>();
  for (const r of unit.resources) {
    const key = `${r.ref.kind}/${r.ref.name ?? ''}`;
    const list = out.get(key);
    if (list) list.push(r);
    else out.set(key, [r]);
  }
  return out;
});

export function hpaTarget(hpa: Resource, unit: Unit): Resource | undefined {
  const ref = asObj(asObj(hpa.object.spec).scaleTargetRef);
  const apiVersion = typeof ref.apiVersion === 'string' ? ref.apiVersion : undefined;
  return (byKindAndName(unit).get(`${String(ref.kind)}/${String(ref.name)}`) ?? []).find(
    (r) =>
      r.ref.kind === ref.kind &&
      r.ref.name === ref.name &&
      namespaceOf(r) === namespaceOf(hpa) &&
      (apiVersion === undefined || groupOf(r.ref.apiVersion) === groupOf(apiVersion)),
  );
}

export function isHpa(r: Resource): boolean {
  return isKind(r, 'autoscaling', 'HorizontalPodAutoscaler');
}

/** Workload resource -> the HPA that scales it. */
export const hpasByTarget: (unit: Unit) => ReadonlyMap<Resource, Resource> = perUnit((unit) => {
  const out = new Map<Resource, Resource>();
  for (const hpa of unit.resources.filter(isHpa)) {
    const target = hpaTarget(hpa, unit);
    if (target && !out.has(target)) out.set(target, hpa);
  }
  return out;
});

/** "a=b, c in (x,y)" for messages. */
export function describeSelector(selector: Obj, mapSelector = false): string {
  if (mapSelector)
    return (
      Object.entries(selector)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ') || '{}'
    );
  const parts = Object.entries(asObj(selector.matchLabels)).map(([k, v]) => `${k}=${String(v)}`);
  for (const e of asArray(selector.matchExpressions)) {
    const x = asObj(e);
    const values = asArray(x.values).map(String).join(',');
    parts.push(`${String(x.key)} ${String(x.operator)}${values ? ` (${values})` : ''}`);
  }
  return parts.join(', ') || '{}';
}

/** Names for a message: "a, b and 3 more". */
export function listOf(items: readonly string[], max = 4): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
