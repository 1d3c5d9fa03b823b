import type { Finding } from '../../../findings.js';
import { asObj, parseQuantity } from '../../k8s.js';
import type { GlobalContext, Rule, Unit } from '../../types.js';
import { nameOf, namespaceOf } from '../references/workloads.js';
import { QUOTA_KEYS, demandsByNamespace, isScoped, namespaceScopes, show, totalOf } from './demand.js';
import { quotasOf } from './quota-fits.js';

/**
 * CAP-02: for each ResourceQuota, how much of each evaluated resource the namespace uses at peak (every
 * Application deploying to it on that cluster) and what is left (info, never fails): the figure to read
 * before raising maxReplicas or adding a service.
 */
export const quotaHeadroom: Rule = {
  id: 'CAP-02',
  name: 'quota-headroom',
  group: 'capacity',
  severity: 'info',
  scope: 'run',
  onSelectedTargets: true,
  description:
    "Reports each ResourceQuota's use at peak and its headroom per " +
    'resource (cpu, memory, pods), including operator pods and every Application deploying to the namespace.',
  remediation: 'Nothing to fix: this reports headroom; raise the ResourceQuota ahead of growth if headroom is low.',
  check(ctx) {
    return namespaceScopes(ctx.units).flatMap((unit) => headroomFindings(unit, ctx.report));
  },
};

function headroomFindings(unit: Unit, report: GlobalContext['report']): Finding[] {
  const out: Finding[] = [];
  const demands = demandsByNamespace(unit);
  for (const q of quotasOf(unit.resources)) {
    const namespace = namespaceOf(q);
    const head = `namespace ${namespace || '(unset)'}, ResourceQuota ${nameOf(q)}`;
    if (isScoped(q.object)) {
      out.push(
        report(
          q,
          ['spec'],
          `${head}: scoped quota (scopes/scopeSelector) not evaluated; only unscoped quotas are counted`,
        ),
      );
      continue;
    }
    const inNs = demands.get(namespace) ?? [];
    const parts: string[] = [];
    for (const [key, raw] of Object.entries(asObj(asObj(q.object.spec).hard))) {
      const measure = QUOTA_KEYS[key];
      const hard = parseQuantity(raw);
      if (!measure || hard === undefined) continue;
      const total = totalOf(inNs, measure);
      const pct = hard > 0 ? `${((total / hard) * 100).toFixed(1)}%` : 'n/a';
      parts.push(
        `${key} ${show(measure, total)} of ${show(measure, hard)} (${pct}), ` +
          `headroom ${show(measure, hard - total)}` +
          `${total > hard ? ' (over)' : ''}`,
      );
    }
    if (!parts.length) continue;
    const workloads = inNs.filter((d) => !d.operator);
    const operators = inNs.filter((d) => d.operator);
    const uncounted = operators.filter((d) => d.uncounted);
    const defaulted = inNs.filter((d) => d.defaulted);
    const notes = [
      `counted at peak (HPA maxReplicas, one node per DaemonSet): ` +
        `${workloads.length} workload${workloads.length === 1 ? '' : 's'} (` +
        `${totalOf(workloads, 'pods')} pods) and ${operators.length} operator ` +
        `workload${operators.length === 1 ? '' : 's'} (` +
        `${totalOf(operators, 'pods')} pods)`,
      ...(defaulted.length
        ? [
            `${defaulted.length} operator workload` +
              `${defaulted.length === 1 ? '' : 's'} counted at LimitRange defaults (` +
              `${defaulted.map((d) => d.what).join(', ')})`,
          ]
        : []),
      ...(uncounted.length
        ? [
            `${uncounted.length} operator workload` +
              `${uncounted.length === 1 ? '' : 's'} without declared resources not ` +
              `counted (${uncounted.map((d) => d.what).join(', ')})`,
          ]
        : []),
    ];
    out.push(report(q, ['spec', 'hard'], `${head}: ${parts.join('; ')}. ${notes.join('; ')}`));
  }
  return out;
}
