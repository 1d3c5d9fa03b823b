import type { Finding } from '../../../findings.js';
import { asObj, parseQuantity } from '../../k8s.js';
import type { GlobalContext, Resource, Rule, Unit } from '../../types.js';
import { listOf, nameOf, namespaceOf } from '../references/workloads.js';
import {
  COMPUTE,
  QUOTA_KEYS,
  demandsByNamespace,
  isScoped,
  namespaceScopes,
  show,
  totalOf,
  type Compute,
  type Demand,
} from './demand.js';

export function quotasOf(resources: readonly Resource[]): Resource[] {
  return resources.filter((r) => r.ref.kind === 'ResourceQuota' && r.ref.apiVersion === 'v1');
}

function contributors(demands: readonly Demand[], measure: Compute | 'pods'): string {
  const parts = demands
    .map((d) => ({ d, total: measure === 'pods' ? d.pods : d.uncounted ? 0 : d.pods * d.perPod[measure] }))
    .filter((x) => x.total > 0)
    .sort((a, b) => b.total - a.total)
    .map(({ d, total }) =>
      measure === 'pods'
        ? `${d.what} ${d.pods} (${d.podsFrom})`
        : `${d.what} ${d.pods} × ${show(measure, d.perPod[measure])} = ${show(measure, total)}`,
    );
  return listOf(parts, 4);
}

/**
 * CAP-01: per namespace with a ResourceQuota, the peak demand of its workloads (see demand.ts for what is
 * counted; every Application deploying to the namespace on that cluster, as the quota counts them) fits
 * the quota's requests/limits of cpu and memory and its pod count; and no container lacks a value the
 * quota tracks (the API server rejects such pods unless a LimitRange supplies a default).
 */
export const quotaFits: Rule = {
  id: 'CAP-01',
  name: 'quota-fits',
  group: 'capacity',
  severity: 'error',
  scope: 'run',
  onSelectedTargets: true,
  description:
    'The peak cpu/memory requests and limits and pod count of a ' +
    "namespace's workloads (HPA maxReplicas, operator pods; every Application " +
    'deploying to that namespace of the cluster) fit its ResourceQuota.',
  remediation:
    "Raise the namespace's ResourceQuota, or lower the workloads' requests, limits, replicas or HPA " +
    'maxReplicas, so the peak fits.',
  check(ctx) {
    return namespaceScopes(ctx.units).flatMap((unit) => quotaFindings(unit, ctx.report));
  },
};

function quotaFindings(unit: Unit, report: GlobalContext['report']): Finding[] {
  const out: Finding[] = [];
  const demands = demandsByNamespace(unit);
  const quotas = quotasOf(unit.resources).filter((q) => !isScoped(q.object));
  const tracked = new Map<string, { keys: Set<Compute>; quotas: string[] }>();
  for (const q of quotas) {
    const namespace = namespaceOf(q);
    const inNs = demands.get(namespace) ?? [];
    for (const [key, raw] of Object.entries(asObj(asObj(q.object.spec).hard))) {
      const measure = QUOTA_KEYS[key];
      const hard = parseQuantity(raw);
      if (!measure || hard === undefined) continue;
      if (measure !== 'pods') {
        const t = tracked.get(namespace) ?? { keys: new Set<Compute>(), quotas: [] };
        t.keys.add(measure);
        if (!t.quotas.includes(nameOf(q))) t.quotas.push(nameOf(q));
        tracked.set(namespace, t);
      }
      const total = totalOf(inNs, measure);
      if (total <= hard + 1e-9) continue;
      out.push(
        report(
          q,
          ['spec', 'hard', key],
          `namespace ${namespace || '(unset)'} needs ${key} ` +
            `${show(measure, total)} at peak but ResourceQuota ${nameOf(q)} allows ` +
            `${show(measure, hard)} (over by ${show(measure, total - hard)}): ` +
            `${contributors(inNs, measure)}; pods beyond the quota are rejected, ` +
            `so HPA scale-ups and rollouts stall. Expected a higher quota or lower ` +
            `${measure === 'pods' ? 'replica counts' : 'requests/limits or maxReplicas'}`,
        ),
      );
    }
  }
  for (const [namespace, t] of tracked) {
    for (const d of demands.get(namespace) ?? []) {
      for (const gap of d.gaps) {
        const missing = COMPUTE.filter((k) => t.keys.has(k) && gap.missing.includes(k));
        if (!missing.length) continue;
        out.push(
          report(
            gap.resource,
            gap.path,
            `container "${gap.container}" of ${d.what} sets no ` +
              `${missing.join(', ')} and namespace ${namespace || '(unset)'} has no ` +
              `LimitRange default for ${missing.length === 1 ? 'it' : 'them'}` +
              `; ResourceQuota ${t.quotas.join(', ')} tracks ` +
              `${missing.length === 1 ? 'it' : 'them'}, so the API server rejects ` +
              `the pods. Expected resources.` +
              `${missing.every((m) => m.startsWith('limits')) ? 'limits' : 'requests and limits'} ` +
              `for cpu and memory`,
          ),
        );
      }
    }
  }
  return out;
}
