import type { Finding } from '../../../findings.js';
import { asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { coveredBy, isPdb, type Covered } from './pdb.js';
import { nameOf } from './workloads.js';

function percent(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)%$/.exec(value.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * REF-08: a PodDisruptionBudget leaves room for at least one voluntary eviction, or node drains and cluster
 * upgrades hang: maxUnavailable is not 0 or 0%, and minAvailable (resolved against the replica count, rounding
 * up as the disruption controller does) is below the smallest replica count among the workloads it covers
 * (the HPA's minReplicas when an HPA scales the workload, else spec.replicas, default 1).
 */
export const pdbAllowsEviction: Rule = {
  id: 'REF-08',
  name: 'pdb-allows-eviction',
  group: 'references',
  severity: 'error',
  scope: 'unit',
  description:
    'A PodDisruptionBudget allows at least one eviction: maxUnavailable is ' +
    'not 0, minAvailable is not 100% and is below the smallest replica ' +
    'count it covers.',
  remediation:
    'Allow at least one eviction: set maxUnavailable to 1 or more, or minAvailable below the smallest ' +
    'replica count it covers.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      if (!isPdb(r)) continue;
      const spec = asObj(r.object.spec);
      const name = nameOf(r);
      if (spec.maxUnavailable !== undefined) {
        const max = spec.maxUnavailable;
        if (max === 0 || percent(max) === 0 || max === '0') {
          out.push(
            ctx.report(
              r,
              ['spec', 'maxUnavailable'],
              `PodDisruptionBudget ${name} has maxUnavailable ${JSON.stringify(max)}` +
                `: no pod can ever be evicted, so node drains and upgrades hang; ` +
                `expected at least 1`,
            ),
          );
        }
        continue;
      }
      const min = spec.minAvailable;
      if (min === undefined) continue;
      const p = percent(min);
      if (p !== undefined && p >= 100) {
        out.push(
          ctx.report(
            r,
            ['spec', 'minAvailable'],
            `PodDisruptionBudget ${name} has minAvailable ${String(min)}: no pod ` +
              `can ever be evicted, so node drains and upgrades hang; expected a ` +
              `lower minAvailable or maxUnavailable: 1`,
          ),
        );
        continue;
      }
      const counted = coveredBy(r, ctx.unit).filter(
        (c): c is Covered & { replicas: NonNullable<Covered['replicas']> } =>
          c.replicas !== undefined && c.replicas.count > 0,
      );
      if (counted.length === 0) continue;
      const smallest = counted.reduce((a, b) => (b.replicas.count < a.replicas.count ? b : a));
      const m = smallest.replicas.count;
      const needed = p !== undefined ? Math.ceil((p * m) / 100) : typeof min === 'number' ? min : undefined;
      if (needed === undefined || needed < m) continue;
      out.push(
        ctx.report(
          r,
          ['spec', 'minAvailable'],
          `PodDisruptionBudget ${name} has minAvailable ${String(min)}` +
            `${p !== undefined ? ` (${needed} of ${m} pods)` : ''} but ` +
            `${smallest.what} runs ${m} (${smallest.replicas.source}): no pod can ` +
            `be evicted, so node drains hang; expected minAvailable below ${m}, or ` +
            `maxUnavailable: 1`,
        ),
      );
    }
    return out;
  },
};
