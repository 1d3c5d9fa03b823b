import type { Finding } from '../../../findings.js';
import { asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { hpasByTarget, nameOf } from './workloads.js';

/** REF-11: a workload an HPA scales leaves spec.replicas unset; otherwise each Argo CD sync resets the HPA's scale. */
export const hpaVsReplicas: Rule = {
  id: 'REF-11',
  name: 'hpa-vs-replicas',
  group: 'references',
  severity: 'error',
  scope: 'unit',
  description:
    'A Deployment or StatefulSet targeted by a HorizontalPodAutoscaler ' +
    'does not set spec.replicas (each sync would reset the scale).',
  remediation:
    'Remove spec.replicas from the workload the HorizontalPodAutoscaler scales; set minReplicas on the HPA ' +
    'instead.',
  check(ctx) {
    const out: Finding[] = [];
    for (const [target, hpa] of hpasByTarget(ctx.unit)) {
      if (target.ref.kind !== 'Deployment' && target.ref.kind !== 'StatefulSet') continue;
      const replicas = asObj(target.object.spec).replicas;
      if (replicas === undefined || replicas === null) continue;
      out.push(
        ctx.report(
          target,
          ['spec', 'replicas'],
          `${target.ref.kind} ${nameOf(target)} sets spec.replicas ` +
            `${String(replicas)} but HorizontalPodAutoscaler ${nameOf(hpa)} owns ` +
            `its scale: every Argo CD sync resets it to ${String(replicas)}` +
            `; expected no spec.replicas (the HPA's minReplicas applies)`,
        ),
      );
    }
    return out;
  },
};
