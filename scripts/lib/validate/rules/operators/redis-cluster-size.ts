import type { Finding } from '../../../findings.js';
import type { Rule } from '../../types.js';
import { nameOf, resourcesOf } from '../references/workloads.js';
import { REDIS, specOf } from './shared.js';

/** OPR-REDIS-01: a Redis Cluster needs at least three leaders; redis-operator cannot form one with fewer. */
export const redisClusterSize: Rule = {
  id: 'OPR-REDIS-01',
  name: 'redis-cluster-size',
  group: 'operators',
  severity: 'error',
  scope: 'resource',
  description: 'An OpsTree RedisCluster has clusterSize of at least 3 (Redis Cluster needs three leaders).',
  remediation: 'Set spec.clusterSize to 3 or more.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of resourcesOf(ctx.unit, REDIS, 'RedisCluster')) {
      const size = specOf(r).clusterSize;
      if (typeof size !== 'number' || size >= 3) continue;
      out.push(
        ctx.report(
          r,
          ['spec', 'clusterSize'],
          `RedisCluster ${nameOf(r)} has clusterSize ${size}; Redis Cluster ` +
            `needs at least 3 leaders (redis-cli --cluster create refuses fewer), ` +
            `so the operator never forms the cluster: expected clusterSize >= 3 ` +
            `(use a Redis or RedisReplication for a smaller setup)`,
        ),
      );
    }
    return out;
  },
};
