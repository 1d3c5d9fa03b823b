import type { Finding } from '../../../findings.js';
import { asObj, groupOf, isObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { hpaTarget, isHpa, namespaceOf, nameOf } from './workloads.js';

/** REF-03: an HPA's scaleTargetRef resolves inside the unit (kind, name, namespace and API group; version ignored). */
export const hpaTargetRule: Rule = {
  id: 'REF-03',
  name: 'hpa-target',
  group: 'references',
  severity: 'error',
  scope: 'unit',
  description:
    "A HorizontalPodAutoscaler's scaleTargetRef names a workload of the " +
    'unit with the same kind, name, namespace and API group.',
  remediation: "Set scaleTargetRef's apiVersion, kind and name to a workload of the unit in the HPA's namespace.",
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      const ref = asObj(r.object.spec).scaleTargetRef;
      // A missing scaleTargetRef is the schema rules' finding.
      if (!isHpa(r) || !isObj(ref) || hpaTarget(r, ctx.unit)) continue;
      const namespace = namespaceOf(r);
      const near = ctx.unit.resources.find(
        (x) => x.ref.kind === ref.kind && x.ref.name === ref.name && namespaceOf(x) === namespace,
      );
      const what =
        `${String(ref.kind ?? '?')} ${String(ref.name ?? '?')}` +
        `${typeof ref.apiVersion === 'string' ? ` (${ref.apiVersion})` : ''}`;
      const hint = near
        ? `the unit has ${near.ref.kind} ${nameOf(near)} in API group "` +
          `${groupOf(near.ref.apiVersion)}", not "` +
          `${groupOf(String(ref.apiVersion ?? ''))}"`
        : `no such object in this unit${namespace ? ` (namespace ${namespace})` : ''}`;
      out.push(
        ctx.report(
          r,
          ['spec', 'scaleTargetRef'],
          `HorizontalPodAutoscaler ${nameOf(r)} scales ${what}: ${hint}` +
            `; expected the apiVersion, kind and name of a workload defined with it`,
        ),
      );
    }
    return out;
  },
};
