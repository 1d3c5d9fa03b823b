import type { Finding } from '../../../findings.js';
import type { Rule } from '../../types.js';
import { isKind, nameOf, namespaceOf } from '../references/workloads.js';
import { inNamespace, kafkaOf, namesIn, rendered, strimziCluster, STRIMZI } from './shared.js';

const LABELLED = ['KafkaNodePool', 'KafkaTopic', 'KafkaUser'];

/**
 * OPR-KAFKA-02: Strimzi ties a KafkaNodePool, KafkaTopic or KafkaUser to its Kafka by the strimzi.io/cluster
 * label; without a Kafka of that name in the namespace the pool is never used and the topic or user never made.
 */
export const strimziClusterLabel: Rule = {
  id: 'OPR-KAFKA-02',
  name: 'strimzi-cluster-label',
  group: 'operators',
  severity: 'error',
  scope: 'unit',
  description:
    'A Strimzi KafkaNodePool, KafkaTopic or KafkaUser carries a ' +
    'strimzi.io/cluster label naming a Kafka rendered in its namespace.',
  remediation: 'Set the strimzi.io/cluster label to the name of a Kafka rendered in the same namespace.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      if (!LABELLED.some((kind) => isKind(r, STRIMZI, kind))) continue;
      if (kafkaOf(ctx.unit, r)) continue;
      const cluster = strimziCluster(r);
      const namespace = namespaceOf(r);
      const kafkas = rendered(namesIn(ctx.unit, STRIMZI, 'Kafka', namespace), 'Kafka');
      if (cluster === undefined) {
        out.push(
          ctx.report(
            r,
            ['metadata', 'labels'],
            `${r.ref.kind} ${nameOf(r)} has no strimzi.io/cluster label, so no ` +
              `Kafka uses it (${kafkas}${inNamespace(namespace)}): expected the ` +
              `label strimzi.io/cluster: <Kafka name>`,
          ),
        );
      } else {
        out.push(
          ctx.report(
            r,
            ['metadata', 'labels', 'strimzi.io/cluster'],
            `${r.ref.kind} ${nameOf(r)} is labelled strimzi.io/cluster: ${cluster}` +
              `, but ${kafkas}${inNamespace(namespace)}, so Strimzi ignores it: ` +
              `expected the name of a Kafka rendered with it`,
          ),
        );
      }
    }
    return out;
  },
};
