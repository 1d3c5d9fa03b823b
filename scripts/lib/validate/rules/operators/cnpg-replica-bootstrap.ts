import type { Finding } from '../../../findings.js';
import { asObj, isObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { nameOf, resourcesOf } from '../references/workloads.js';
import { CNPG, isReplica, specOf } from './shared.js';

/**
 * OPR-PG-05: a Cluster that CloudNativePG runs as a replica must be created by pg_basebackup or recovery
 * (webhook validateReplicaMode); initdb would create a new, unrelated database.
 */
export const cnpgReplicaBootstrap: Rule = {
  id: 'OPR-PG-05',
  name: 'cnpg-replica-bootstrap',
  group: 'operators',
  severity: 'error',
  description: 'A CloudNativePG Cluster that runs as a replica (replica.enabled, or replica.primary not itself) bootstraps with pg_basebackup or recovery, not initdb.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of resourcesOf(ctx.unit, CNPG, 'Cluster')) {
      if (!isReplica(r)) continue;
      const bootstrap = specOf(r).bootstrap;
      if (!isObj(bootstrap)) {
        out.push(ctx.report(r, ['spec', 'replica'], `Cluster ${nameOf(r)} is a replica but has no spec.bootstrap; CloudNativePG rejects it ("bootstrap configuration is required for replica mode"): expected bootstrap.pg_basebackup or bootstrap.recovery from the source cluster`));
        continue;
      }
      if (isObj(bootstrap.pg_basebackup) || isObj(bootstrap.recovery)) continue;
      const method = Object.keys(asObj(bootstrap))[0];
      out.push(ctx.report(r, ['spec', 'bootstrap', ...(method ? [method] : [])], `Cluster ${nameOf(r)} is a replica but bootstraps with ${method ?? 'nothing'}; CloudNativePG rejects it ("replica mode bootstrap is compatible only with pg_basebackup or recovery"): expected bootstrap.pg_basebackup or bootstrap.recovery from the source cluster`));
    }
    return out;
  },
};
