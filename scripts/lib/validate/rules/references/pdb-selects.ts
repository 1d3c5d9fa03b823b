import type { Finding } from '../../../findings.js';
import type { Rule } from '../../types.js';
import { coveredBy, isPdb, pdbSelector } from './pdb.js';
import { describeSelector, listOf, nameOf, namespaceOf } from './workloads.js';

/**
 * REF-07: a PodDisruptionBudget selects at least one workload of its namespace (error), and no workload is
 * covered by two PDBs (warning: the eviction API refuses to evict a pod that more than one PDB covers).
 */
export const pdbSelects: Rule = {
  id: 'REF-07',
  name: 'pdb-selects',
  group: 'references',
  severity: 'error',
  scope: 'unit',
  description:
    "A PodDisruptionBudget's selector matches at least one workload in its " +
    'namespace (and no workload is covered by two PDBs).',
  remediation:
    "Make the PodDisruptionBudget's selector match the labels of a workload in its namespace, and give each " +
    'workload one PDB.',
  check(ctx) {
    const out: Finding[] = [];
    const owner = new Map<string, string>();
    for (const r of ctx.unit.resources) {
      if (!isPdb(r)) continue;
      const selector = pdbSelector(r);
      const covered = coveredBy(r, ctx.unit);
      const namespace = namespaceOf(r);
      if (!selector) {
        out.push(
          ctx.report(
            r,
            ['spec'],
            `PodDisruptionBudget ${nameOf(r)} has no selector, so it protects no ` +
              `pods; expected spec.selector matching the workload's pod labels`,
          ),
        );
        continue;
      }
      if (covered.length === 0) {
        out.push(
          ctx.report(
            r,
            ['spec', 'selector'],
            `PodDisruptionBudget ${nameOf(r)} selects no workload: ` +
              `${describeSelector(selector)} matches no pod template` +
              `${namespace ? ` in namespace ${namespace}` : ''} of this unit; ` +
              `expected the labels of the workload it protects`,
          ),
        );
        continue;
      }
      const shared: string[] = [];
      for (const c of covered) {
        const key = `${namespace}/${c.what}`;
        const first = owner.get(key);
        if (first) shared.push(`${c.what} (also covered by PodDisruptionBudget ${first})`);
        else owner.set(key, nameOf(r));
      }
      if (shared.length) {
        out.push(
          ctx.report(
            r,
            ['spec', 'selector'],
            `PodDisruptionBudget ${nameOf(r)} overlaps another: ` +
              `${listOf(shared, 3)}; the eviction API refuses to evict pods covered ` +
              `by more than one PDB, so drains stall. Expected one PDB per workload`,
            'warning',
          ),
        );
      }
    }
    return out;
  },
};
