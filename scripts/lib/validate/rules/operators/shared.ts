/**
 * Facts the operators rules share: the custom resources of one unit by kind, and how each operator
 * resolves the references between them (same namespace, by name or by the strimzi.io/cluster label).
 * Pure functions over parsed documents.
 */
import { asArray, asObj, isObj, type Obj } from '../../k8s.js';
import type { Resource, Unit } from '../../types.js';
import { isKind, nameOf, namespaceOf, resourcesOf, usesNodePools } from '../references/workloads.js';

export const CNPG = 'postgresql.cnpg.io';
export const BARMAN = 'barmancloud.cnpg.io';
export const STRIMZI = 'kafka.strimzi.io';
export const REDIS = 'redis.redis.opstreelabs.in';
export const ESO = 'external-secrets.io';
export const PROMETHEUS = 'monitoring.coreos.com';
/** The Barman Cloud plugin's name in a Cluster's spec.plugins[] and externalClusters[].plugin. */
export const BARMAN_PLUGIN = 'barman-cloud.cloudnative-pg.io';

export function specOf(r: Resource): Obj {
  return asObj(r.object.spec);
}

export function labelsOf(r: Resource): Obj {
  return asObj(asObj(r.object.metadata).labels);
}

export function annotationsOf(r: Resource): Obj {
  return asObj(asObj(r.object.metadata).annotations);
}

/** " in namespace X" for messages, or nothing for path arguments without a namespace. */
export function inNamespace(namespace: string): string {
  return namespace ? ` in namespace ${namespace}` : '';
}

/** The resource of a kind with that name in that namespace, if the unit renders one. */
export function findNamed(
  unit: Unit,
  group: string,
  kind: string,
  name: string,
  namespace: string,
): Resource | undefined {
  return unit.resources.find((r) => isKind(r, group, kind) && nameOf(r) === name && namespaceOf(r) === namespace);
}

/** Names of the resources of a kind in a namespace, for "(rendered: a, b)" in messages. */
export function namesIn(unit: Unit, group: string, kind: string, namespace: string): string[] {
  return resourcesOf(unit, group, kind)
    .filter((r) => namespaceOf(r) === namespace)
    .map(nameOf);
}

export function rendered(names: readonly string[], what: string): string {
  return names.length ? `the unit renders ${what} ${names.join(', ')}` : `the unit renders no ${what}`;
}

// ---- CloudNativePG ---------------------------------------------------------------------------

/** spec.replica of a CNPG Cluster, or undefined when the stanza is absent. */
export function replicaOf(cluster: Resource): Obj | undefined {
  const replica = specOf(cluster).replica;
  return isObj(replica) ? replica : undefined;
}

/**
 * Whether CloudNativePG runs the Cluster as a replica (api/v1 Cluster.IsReplica): no replica stanza is a
 * primary; an explicit `enabled` wins; otherwise it is a replica unless `self` (default: its name) is `primary`.
 */
export function isReplica(cluster: Resource): boolean {
  const replica = replicaOf(cluster);
  if (!replica) return false;
  if (typeof replica.enabled === 'boolean') return replica.enabled;
  const self = typeof replica.self === 'string' && replica.self ? replica.self : nameOf(cluster);
  return self !== replica.primary;
}

export function externalClusterNames(cluster: Resource): string[] {
  return asArray(specOf(cluster).externalClusters)
    .map((e) => asObj(e).name)
    .filter((n): n is string => typeof n === 'string');
}

// ---- Strimzi ---------------------------------------------------------------------------------

/** The Kafka a KafkaNodePool, KafkaTopic or KafkaUser belongs to: its strimzi.io/cluster label. */
export function strimziCluster(r: Resource): string | undefined {
  const value = labelsOf(r)['strimzi.io/cluster'];
  return typeof value === 'string' && value ? value : undefined;
}

/** The KafkaNodePools labelled for a Kafka, in its namespace. */
export function nodePoolsOf(unit: Unit, kafka: Resource): Resource[] {
  return resourcesOf(unit, STRIMZI, 'KafkaNodePool').filter(
    (p) => namespaceOf(p) === namespaceOf(kafka) && strimziCluster(p) === nameOf(kafka),
  );
}

export function rolesOf(pool: Resource): string[] {
  return asArray(specOf(pool).roles).map(String);
}

function replicasOf(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

/**
 * Whether a Kafka runs in KRaft mode with node pools: always for kafka.strimzi.io/v1 (Strimzi 1.x has neither
 * ZooKeeper nor node-pool-less clusters), else with the strimzi.io/node-pools and strimzi.io/kraft annotations.
 */
export function isKraftWithNodePools(kafka: Resource): boolean {
  if (kafka.ref.apiVersion === `${STRIMZI}/v1`) return true;
  const a = annotationsOf(kafka);
  return a['strimzi.io/node-pools'] === 'enabled' && a['strimzi.io/kraft'] === 'enabled';
}

/** How many brokers a Kafka runs: the broker-role node pools' replicas, or spec.kafka.replicas without node pools. */
export function brokerCount(unit: Unit, kafka: Resource): number {
  if (!usesNodePools(kafka)) return replicasOf(asObj(specOf(kafka).kafka).replicas);
  return nodePoolsOf(unit, kafka)
    .filter((p) => rolesOf(p).includes('broker'))
    .reduce((sum, p) => sum + replicasOf(specOf(p).replicas), 0);
}

/** The Kafka named by a resource's strimzi.io/cluster label, in the resource's namespace. */
export function kafkaOf(unit: Unit, r: Resource): Resource | undefined {
  const cluster = strimziCluster(r);
  return cluster === undefined ? undefined : findNamed(unit, STRIMZI, 'Kafka', cluster, namespaceOf(r));
}

/** A Kafka config value as an integer (Strimzi accepts numbers or numeric strings), else undefined. */
export function intConfig(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}
