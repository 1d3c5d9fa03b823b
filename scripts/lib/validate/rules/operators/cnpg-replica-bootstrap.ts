import type { Finding } from '../../../findings.js';
import { asObj, isObj } from '../../k8s.js';
import type { Resource, Rule } from '../../types.js';
import { nameOf, resourcesOf } from '../references/workloads.js';
import { CNPG, externalClusterNames, isReplica, replicaOf, specOf } from './shared.js';

/** Whether a Cluster is (or would be) created by initdb: no pg_basebackup or recovery (CNPG defaults to initdb). */
function createdByInitdb(cluster: Resource): boolean {
  const bootstrap = specOf(cluster).bootstrap;
  return !isObj(bootstrap) || (!isObj(bootstrap.pg_basebackup) && !isObj(bootstrap.recovery));
}

/** The name a Cluster goes by in its topology's externalClusters: replica.self, else metadata.name. */
function memberName(cluster: Resource): string {
  const self = replicaOf(cluster)?.self;
  return typeof self === 'string' && self ? self : nameOf(cluster);
}

/**
 * OPR-PG-05: CloudNativePG creates a replica Cluster only by pg_basebackup or recovery (webhook
 * validateReplicaMode: "replica mode bootstrap is compatible only with pg_basebackup or recovery"). The webhook
 * checks this when the Cluster is created, so a former primary demoted to replica keeps its initdb; what cannot be
 * right is two members of one replica topology both created by initdb (two unrelated databases). The check runs
 * across units (Dhaka's prod and Chittagong's dr render each other's peer): a replica Cluster that bootstraps with
 * initdb is a finding when a rendered peer it lists in externalClusters (by replica.self or name) does too.
 */
export const cnpgReplicaBootstrap: Rule = {
  id: 'OPR-PG-05',
  name: 'cnpg-replica-bootstrap',
  group: 'operators',
  severity: 'error',
  scope: 'run',
  description:
    'A CloudNativePG Cluster that runs as a replica bootstraps with ' +
    "pg_basebackup or recovery, not initdb, unless it is the topology's " +
    'original primary (its rendered peers, in any unit, do not use initdb).',
  remediation: 'Bootstrap the replica with pg_basebackup or recovery from its source instead of initdb.',
  check(ctx) {
    const out: Finding[] = [];
    const clusters = ctx.units.flatMap((u) => resourcesOf(u, CNPG, 'Cluster'));
    for (const cluster of clusters) {
      if (!isReplica(cluster) || !createdByInitdb(cluster)) continue;
      const me = memberName(cluster);
      const names = externalClusterNames(cluster);
      const peer = clusters.find(
        (d) => d !== cluster && memberName(d) !== me && names.includes(memberName(d)) && createdByInitdb(d),
      );
      if (!peer) continue;
      const bootstrap = specOf(cluster).bootstrap;
      const method = isObj(bootstrap) ? Object.keys(asObj(bootstrap))[0] : undefined;
      const source = replicaOf(cluster)?.source;
      const where = peer.unit === cluster.unit ? '' : ` (${peer.unit})`;
      out.push(
        ctx.report(
          cluster,
          method ? ['spec', 'bootstrap', method] : ['spec', 'replica'],
          `Cluster ${nameOf(cluster)} (member ${me}) is a replica but ` +
            `${method ? `bootstraps with ${method}` : 'has no bootstrap (CloudNativePG defaults to initdb)'}` +
            `, and so does its peer ${memberName(peer)}, Cluster ${nameOf(peer)}` +
            `${where}: two members created by initdb are unrelated databases, and ` +
            `CloudNativePG refuses to create a replica that way ("replica mode ` +
            `bootstrap is compatible only with pg_basebackup or recovery"): ` +
            `expected bootstrap.pg_basebackup or bootstrap.recovery from ` +
            `${typeof source === 'string' ? source : 'the source'}`,
        ),
      );
    }
    return out;
  },
};
