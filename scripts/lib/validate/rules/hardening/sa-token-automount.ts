import type { Finding } from '../../../findings.js';
import { asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { existingPath, landingNamespace, podsOf } from '../security/pods.js';

/** Pod (template) annotation declaring that the workload talks to the Kubernetes API and needs its token. */
export const NEEDS_API_ACCESS = 'his.zarishsphere.com/needs-api-access';

/** SEC-H-03: no service account token mounted into pods that do not call the API. */
export const saTokenAutomount: Rule = {
  id: 'SEC-H-03',
  name: 'sa-token-automount',
  group: 'hardening',
  severity: 'warning',
  scope: 'unit',
  description:
    `The pod spec, or its ServiceAccount (in the same unit and namespace), ` +
    `sets automountServiceAccountToken: false — unless the pod template ` +
    `(or the workload) carries the annotation ${NEEDS_API_ACCESS}: "true", ` +
    `for workloads that call the Kubernetes API.`,
  remediation:
    'Set automountServiceAccountToken: false on the pod spec or its ServiceAccount; a workload that calls ' +
    'the Kubernetes API gets the annotation his.zarishsphere.com/needs-api-access: "true".',
  check(ctx) {
    const out: Finding[] = [];
    for (const pod of podsOf(ctx.unit)) {
      const { resource, template } = pod;
      const annotated = [asObj(template.metadata.annotations), asObj(asObj(resource.object.metadata).annotations)].some(
        (a) => a[NEEDS_API_ACCESS] === 'true',
      );
      if (annotated) continue;
      const podValue = template.spec.automountServiceAccountToken;
      if (podValue === false) continue;
      const saName = String(template.spec.serviceAccountName ?? template.spec.serviceAccount ?? 'default');
      if (podValue === true) {
        out.push(
          ctx.report(
            resource,
            [...template.path, 'automountServiceAccountToken'],
            `the pod mounts the "${saName}" service account token ` +
              `(automountServiceAccountToken: true); set it to false, or annotate ` +
              `the pod template ${NEEDS_API_ACCESS}: "true" if it calls the ` +
              `Kubernetes API`,
          ),
        );
        continue;
      }
      const ns = landingNamespace(resource, ctx.unit);
      const sa = ctx.unit.resources.find(
        (r) =>
          r.ref.kind === 'ServiceAccount' &&
          r.ref.apiVersion === 'v1' &&
          asObj(r.object.metadata).name === saName &&
          landingNamespace(r, ctx.unit) === ns,
      );
      if (sa && sa.object.automountServiceAccountToken === false) continue;
      const why = sa
        ? `neither the pod nor its ServiceAccount "${saName}" sets automountServiceAccountToken: false`
        : `the pod does not set automountServiceAccountToken: false (and its ` +
          `ServiceAccount "${saName}" is not in this set to say so)`;
      const at = existingPath(
        resource.object,
        template.spec.serviceAccountName !== undefined ? [...template.path, 'serviceAccountName'] : template.path,
      );
      out.push(
        ctx.report(
          resource,
          at,
          `${why}, so every container gets a Kubernetes API token; set it to ` +
            `false, or annotate the pod template ${NEEDS_API_ACCESS}: "true" if it ` +
            `calls the API`,
        ),
      );
    }
    return out;
  },
};
