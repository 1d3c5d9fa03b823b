import type { Finding } from '../../../findings.js';
import type { Rule } from '../../types.js';
import { label, namespaceOf, podSources } from './workloads.js';

/** REF-05: a pod's serviceAccountName (other than default) is a ServiceAccount of the unit in its namespace. */
export const serviceAccountExists: Rule = {
  id: 'REF-05',
  name: 'serviceaccount-exists',
  group: 'references',
  severity: 'error',
  scope: 'unit',
  description:
    'A pod template\'s serviceAccountName (other than "default") names a ' +
    'ServiceAccount of the unit in the same namespace.',
  remediation: 'Add the ServiceAccount to the unit in the same namespace, or correct serviceAccountName.',
  check(ctx) {
    const out: Finding[] = [];
    const accounts = new Set(
      ctx.unit.resources
        .filter((r) => r.ref.kind === 'ServiceAccount' && r.ref.apiVersion === 'v1')
        .map((r) => `${namespaceOf(r)}/${r.ref.name ?? ''}`),
    );
    for (const p of podSources(ctx.unit)) {
      for (const field of ['serviceAccountName', 'serviceAccount'] as const) {
        const name = p.template.spec[field];
        if (typeof name !== 'string' || name === '' || name === 'default') continue;
        if (!accounts.has(`${p.namespace}/${name}`)) {
          out.push(
            ctx.report(
              p.resource,
              [...p.template.path, field],
              `${label(p.resource)} runs as ServiceAccount "${name}", which is not ` +
                `in this unit${p.namespace ? ` (namespace ${p.namespace})` : ''}: the ` +
                `pods are never created; expected a ServiceAccount of that name beside ` +
                `it`,
            ),
          );
        }
        break; // serviceAccount is the deprecated alias; report once
      }
    }
    return out;
  },
};
