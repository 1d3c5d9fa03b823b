import type { FieldPath, Finding } from '../../../findings.js';
import { asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { nameOf, resourcesOf } from '../references/workloads.js';
import { brokerCount, intConfig, kafkaOf, specOf, STRIMZI } from './shared.js';

/**
 * OPR-KAFKA-03: a KafkaTopic's replication factor (spec.replicas, else the Kafka's default.replication.factor)
 * is at most the number of brokers of its Kafka (broker-role node pool replicas); Kafka refuses to create it.
 */
export const strimziTopicReplicas: Rule = {
  id: 'OPR-KAFKA-03',
  name: 'strimzi-topic-replicas',
  group: 'operators',
  severity: 'error',
  scope: 'unit',
  description:
    "A Strimzi KafkaTopic's replicas (or the Kafka's " +
    'default.replication.factor) is at most the broker count of its Kafka ' +
    '(the replicas of its broker-role node pools).',
  remediation:
    "Lower the topic's replicas (or default.replication.factor) to at most the broker count, or add broker " +
    'replicas to the node pools.',
  check(ctx) {
    const out: Finding[] = [];
    for (const topic of resourcesOf(ctx.unit, STRIMZI, 'KafkaTopic')) {
      const kafka = kafkaOf(ctx.unit, topic);
      if (!kafka) continue;
      const own = intConfig(specOf(topic).replicas);
      const replicas = own ?? intConfig(asObj(asObj(specOf(kafka).kafka).config)['default.replication.factor']);
      if (replicas === undefined) continue;
      const brokers = brokerCount(ctx.unit, kafka);
      if (replicas <= brokers) continue;
      const path: FieldPath = own !== undefined ? ['spec', 'replicas'] : ['metadata', 'name'];
      const from = own !== undefined ? 'replicas' : `replicas (default.replication.factor of Kafka ${nameOf(kafka)})`;
      out.push(
        ctx.report(
          topic,
          path,
          `KafkaTopic ${nameOf(topic)} asks for ${from} ${replicas}, but Kafka ` +
            `${nameOf(kafka)} runs ${brokers} broker${brokers === 1 ? '' : 's'}` +
            `; Kafka refuses the topic (replication factor larger than available ` +
            `brokers): expected replicas <= ${brokers}`,
        ),
      );
    }
    return out;
  },
};
