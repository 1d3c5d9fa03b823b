import type { Finding } from '../../../findings.js';
import type { Rule } from '../../types.js';
import { resourcesOf, nameOf } from '../references/workloads.js';
import { CNPG, replicaOf } from './shared.js';

/** OPR-PG-01: CloudNativePG's webhook (validateReplicaMode) forbids replica.enabled together with replica.primary. */
export const cnpgReplicaEnabledPrimary: Rule = {
  id: 'OPR-PG-01',
  name: 'cnpg-replica-enabled-primary',
  group: 'operators',
  severity: 'error',
  scope: 'resource',
  description:
    'A CloudNativePG Cluster does not set replica.enabled together with ' +
    'replica.primary (the webhook rejects it; enabled would override ' +
    'primary).',
  remediation:
    'Set either replica.enabled or replica.primary, not both (use primary/source for a distributed topology).',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of resourcesOf(ctx.unit, CNPG, 'Cluster')) {
      const replica = replicaOf(r);
      if (!replica || replica.enabled === undefined || replica.enabled === null) continue;
      if (typeof replica.primary !== 'string' || replica.primary === '') continue;
      out.push(
        ctx.report(
          r,
          ['spec', 'replica', 'enabled'],
          `Cluster ${nameOf(r)} sets replica.enabled: ${String(replica.enabled)}` +
            ` together with replica.primary: ${replica.primary}; CloudNativePG ` +
            `rejects it ("replica mode enabled is not compatible with the primary ` +
            `field"): expected either enabled with source (a standalone replica ` +
            `cluster) or primary/self/source without enabled (the distributed ` +
            `topology)`,
        ),
      );
    }
    return out;
  },
};
