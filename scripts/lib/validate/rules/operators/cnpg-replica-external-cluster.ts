import type { Finding } from '../../../findings.js';
import type { Rule } from '../../types.js';
import { nameOf, resourcesOf } from '../references/workloads.js';
import { CNPG, externalClusterNames, replicaOf } from './shared.js';

/**
 * OPR-PG-02: CloudNativePG's webhook (validateReplicaClusterExternalClusters) requires replica.source, and
 * replica.self and replica.primary when set, to name an entry of spec.externalClusters.
 */
export const cnpgReplicaExternalCluster: Rule = {
  id: 'OPR-PG-02',
  name: 'cnpg-replica-external-cluster',
  group: 'operators',
  severity: 'error',
  scope: 'resource',
  description:
    "A CloudNativePG Cluster's replica.source (and replica.self and " +
    'replica.primary, when set) names an entry of spec.externalClusters.',
  remediation:
    'Add an externalClusters entry with the name replica.source (and self/primary) names, or correct the name.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of resourcesOf(ctx.unit, CNPG, 'Cluster')) {
      const replica = replicaOf(r);
      if (!replica) continue;
      const names = externalClusterNames(r);
      for (const field of ['source', 'self', 'primary'] as const) {
        const value = replica[field];
        if (field !== 'source' && (value === undefined || value === '')) continue;
        if (typeof value === 'string' && names.includes(value)) continue;
        const shown = typeof value === 'string' ? `"${value}"` : 'nothing';
        out.push(
          ctx.report(
            r,
            ['spec', 'replica', field],
            `Cluster ${nameOf(r)}: replica.${field} names ${shown}, which is not ` +
              `among spec.externalClusters[].name (` +
              `${names.length ? names.join(', ') : 'none'}); CloudNativePG rejects ` +
              `it ("External cluster ${String(value ?? '')} not found"): expected ` +
              `the name of an externalClusters entry`,
          ),
        );
      }
    }
    return out;
  },
};
