import type { Finding } from '../../../findings.js';
import type { Rule } from '../../types.js';
import { nameOf, namespaceOf, resourcesOf } from '../references/workloads.js';
import { inNamespace, isKraftWithNodePools, nodePoolsOf, rolesOf, STRIMZI } from './shared.js';

/**
 * OPR-KAFKA-01: a KRaft Kafka with node pools (every kafka.strimzi.io/v1 Kafka; in older APIs the
 * strimzi.io/node-pools and strimzi.io/kraft annotations) needs KafkaNodePools labelled for it that give it
 * the controller role and the broker role; Strimzi refuses to deploy the cluster otherwise.
 */
export const strimziKraftNodePools: Rule = {
  id: 'OPR-KAFKA-01',
  name: 'strimzi-kraft-node-pools',
  group: 'operators',
  severity: 'error',
  scope: 'unit',
  description:
    'A KRaft Strimzi Kafka (kafka.strimzi.io/v1, or the node-pools and ' +
    'kraft annotations) has KafkaNodePools labelled strimzi.io/cluster for ' +
    'it with the controller role and with the broker role.',
  remediation:
    'Add KafkaNodePools labelled strimzi.io/cluster: <kafka> with the controller role and with the broker ' +
    'role (one pool may have both).',
  check(ctx) {
    const out: Finding[] = [];
    for (const kafka of resourcesOf(ctx.unit, STRIMZI, 'Kafka')) {
      if (!isKraftWithNodePools(kafka)) continue;
      const pools = nodePoolsOf(ctx.unit, kafka);
      const shown = pools.length
        ? `its node pools (` +
          `${pools.map((p) => `${nameOf(p)}: ${rolesOf(p).join('+') || 'no roles'}`).join(', ')}` +
          `) give it`
        : `no KafkaNodePool is labelled strimzi.io/cluster: ${nameOf(kafka)}` +
          `${inNamespace(namespaceOf(kafka))}, so it has`;
      for (const role of ['controller', 'broker'] as const) {
        if (pools.some((p) => rolesOf(p).includes(role))) continue;
        out.push(
          ctx.report(
            kafka,
            ['metadata', 'name'],
            `Kafka ${nameOf(kafka)} runs in KRaft mode with node pools, but ` +
              `${shown} no ${role}; Strimzi does not deploy it: expected a ` +
              `KafkaNodePool labelled strimzi.io/cluster: ${nameOf(kafka)} with role ` +
              `${role}`,
          ),
        );
      }
    }
    return out;
  },
};
