import type { FieldPath, Finding } from '../../../findings.js';
import { asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { nameOf, resourcesOf } from '../references/workloads.js';
import { intConfig, kafkaOf, specOf, STRIMZI } from './shared.js';

/**
 * OPR-KAFKA-04: min.insync.replicas (the topic's config, else the Kafka's spec.kafka.config) above the topic's
 * replication factor makes every acks=all write fail (NotEnoughReplicas). The Kafka's own defaults are checked
 * too: min.insync.replicas above default.replication.factor.
 */
export const strimziMinInsync: Rule = {
  id: 'OPR-KAFKA-04',
  name: 'strimzi-min-insync',
  group: 'operators',
  severity: 'error',
  scope: 'unit',
  description:
    "A Strimzi KafkaTopic's min.insync.replicas (its config, else the " +
    "Kafka's spec.kafka.config) is at most its replicas; a Kafka's " +
    'min.insync.replicas is at most its default.replication.factor.',
  remediation: 'Lower min.insync.replicas to at most the replicas (or default.replication.factor), or raise those.',
  check(ctx) {
    const out: Finding[] = [];
    for (const kafka of resourcesOf(ctx.unit, STRIMZI, 'Kafka')) {
      const config = asObj(asObj(specOf(kafka).kafka).config);
      const min = intConfig(config['min.insync.replicas']);
      const factor = intConfig(config['default.replication.factor']);
      if (min !== undefined && factor !== undefined && min > factor) {
        out.push(
          ctx.report(
            kafka,
            ['spec', 'kafka', 'config', 'min.insync.replicas'],
            `Kafka ${nameOf(kafka)} sets min.insync.replicas ${min} above ` +
              `default.replication.factor ${factor}, so acks=all writes to topics ` +
              `with the default factor fail (NotEnoughReplicas): expected ` +
              `min.insync.replicas <= ${factor}`,
          ),
        );
      }
    }
    for (const topic of resourcesOf(ctx.unit, STRIMZI, 'KafkaTopic')) {
      const kafka = kafkaOf(ctx.unit, topic);
      const kafkaConfig = kafka ? asObj(asObj(specOf(kafka).kafka).config) : {};
      const own = intConfig(asObj(specOf(topic).config)['min.insync.replicas']);
      const min = own ?? intConfig(kafkaConfig['min.insync.replicas']);
      const replicas = intConfig(specOf(topic).replicas) ?? intConfig(kafkaConfig['default.replication.factor']);
      if (min === undefined || replicas === undefined || min <= replicas) continue;
      const path: FieldPath = own !== undefined ? ['spec', 'config', 'min.insync.replicas'] : ['spec', 'replicas'];
      const from =
        own !== undefined ? 'min.insync.replicas' : `min.insync.replicas (from Kafka ${kafka ? nameOf(kafka) : '?'})`;
      out.push(
        ctx.report(
          topic,
          path,
          `KafkaTopic ${nameOf(topic)} has ${from} ${min} above its replicas ` +
            `${replicas}, so every acks=all write fails (NotEnoughReplicas): ` +
            `expected min.insync.replicas <= ${replicas}`,
        ),
      );
    }
    return out;
  },
};
