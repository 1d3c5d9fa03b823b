import type { Finding } from '../../../findings.js';
import { asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';

/** Service annotation that allows a NodePort or LoadBalancer Service; its value is the reason. */
export const ALLOW_EXTERNAL_EXPOSURE = 'his.zarishsphere.com/allow-external-exposure';

const NOT_A_REASON = new Set(['', 'true', 'false', 'yes', 'no', 'y', 'n', 'on', 'off', '1', '0']);

/** SEC-H-06: nothing is exposed outside the cluster by accident. */
export const serviceExposure: Rule = {
  id: 'SEC-H-06',
  name: 'service-exposure',
  group: 'hardening',
  severity: 'error',
  scope: 'resource',
  description:
    `A Service of type NodePort or LoadBalancer carries the annotation ` +
    `${ALLOW_EXTERNAL_EXPOSURE} whose value says why it is exposed outside ` +
    `the cluster (traffic normally enters through the Ingress).`,
  remediation:
    'Make the Service ClusterIP and route traffic through the Ingress, or add the annotation ' +
    'his.zarishsphere.com/allow-external-exposure saying why it must be exposed.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      if (r.ref.kind !== 'Service' || r.ref.apiVersion !== 'v1') continue;
      const type = asObj(r.object.spec).type;
      if (type !== 'NodePort' && type !== 'LoadBalancer') continue;
      const reason = asObj(asObj(r.object.metadata).annotations)[ALLOW_EXTERNAL_EXPOSURE];
      if (typeof reason === 'string' && !NOT_A_REASON.has(reason.trim().toLowerCase())) continue;
      const problem =
        reason === undefined
          ? `has no ${ALLOW_EXTERNAL_EXPOSURE} annotation`
          : `has ${ALLOW_EXTERNAL_EXPOSURE}: ${JSON.stringify(reason)}, which is not a reason`;
      out.push(
        ctx.report(
          r,
          ['spec', 'type'],
          `Service of type ${type} exposes pods outside the cluster and ` +
            `${problem} (expected ClusterIP behind the Ingress, or the annotation ` +
            `with why it must be exposed)`,
        ),
      );
    }
    return out;
  },
};
