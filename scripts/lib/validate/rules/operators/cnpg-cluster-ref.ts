import type { Finding } from '../../../findings.js';
import { asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { nameOf, namespaceOf } from '../references/workloads.js';
import { CNPG, findNamed, inNamespace, namesIn, rendered, specOf } from './shared.js';

const REFERRERS = new Set(['Pooler', 'ScheduledBackup', 'Backup']);

/** OPR-PG-06: a Pooler, ScheduledBackup or Backup names (spec.cluster.name) a Cluster rendered in its namespace. */
export const cnpgClusterRef: Rule = {
  id: 'OPR-PG-06',
  name: 'cnpg-cluster-ref',
  group: 'operators',
  severity: 'error',
  scope: 'unit',
  description:
    'A CloudNativePG Pooler, ScheduledBackup or Backup names ' +
    '(spec.cluster.name) a Cluster rendered in the same unit and namespace.',
  remediation:
    'Set spec.cluster.name to a CloudNativePG Cluster rendered in the same namespace, or add that Cluster ' +
    'to the unit.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      if (!REFERRERS.has(r.ref.kind) || !r.ref.apiVersion.startsWith(`${CNPG}/`)) continue;
      const name = asObj(specOf(r).cluster).name;
      const namespace = namespaceOf(r);
      if (typeof name === 'string' && findNamed(ctx.unit, CNPG, 'Cluster', name, namespace)) continue;
      const shown = typeof name === 'string' ? `Cluster ${name}` : 'no Cluster';
      out.push(
        ctx.report(
          r,
          ['spec', 'cluster', 'name'],
          `${r.ref.kind} ${nameOf(r)} names ${shown}, but ` +
            `${rendered(namesIn(ctx.unit, CNPG, 'Cluster', namespace), 'Cluster')}` +
            `${inNamespace(namespace)}; CloudNativePG looks the Cluster up in the ` +
            `${r.ref.kind}'s namespace: expected the name of a Cluster rendered ` +
            `with it`,
        ),
      );
    }
    return out;
  },
};
