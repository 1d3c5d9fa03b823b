import type { Finding } from '../../../findings.js';
import { asArray, asObj, isObj, selectorMatches, type Obj } from '../../k8s.js';
import type { Resource, Rule } from '../../types.js';
import { isKind, label, listOf, namespaceOf, operatorPods, podSources } from './workloads.js';

function isEmptySelector(value: unknown): boolean {
  if (!isObj(value)) return false;
  return asArray(value.matchExpressions).length === 0 && Object.keys(asObj(value.matchLabels)).length === 0;
}

/** policyTypes as the API server defaults them: Ingress always, Egress when egress rules are written. */
function policyTypes(spec: Obj): string[] {
  const written = asArray(spec.policyTypes).map(String);
  if (written.length) return written;
  return asArray(spec.egress).length ? ['Ingress', 'Egress'] : ['Ingress'];
}

/**
 * REF-13: every pod template is selected by at least one NetworkPolicy of its namespace, and every namespace
 * that runs pods (operators' included) has a default deny for both directions: a policy with podSelector {}
 * whose policyTypes include Ingress (and that allows no ingress), and one (or the same) for Egress.
 */
export const networkPolicyCoverage: Rule = {
  id: 'REF-13',
  name: 'network-policy-coverage',
  group: 'references',
  severity: 'error',
  scope: 'unit',
  description:
    'Every pod template is selected by a NetworkPolicy of its namespace, ' +
    'and every namespace with pods has a default-deny policy for Ingress ' +
    'and Egress.',
  remediation:
    "Add a NetworkPolicy selecting the pod template's labels, and a default-deny policy (policyTypes " +
    'Ingress and Egress) to each namespace with pods.',
  check(ctx) {
    const out: Finding[] = [];
    const policies = ctx.unit.resources.filter((r) => isKind(r, 'networking.k8s.io', 'NetworkPolicy'));
    const pods = podSources(ctx.unit);
    // Namespaces with pods, each with the resource to report a missing default deny on.
    const namespaces = new Map<string, Resource>();
    for (const p of pods) if (!namespaces.has(p.namespace)) namespaces.set(p.namespace, p.resource);
    for (const o of operatorPods(ctx.unit))
      if (o.replicas > 0 && !namespaces.has(o.namespace)) namespaces.set(o.namespace, o.resource);
    for (const [namespace, first] of namespaces) {
      const inNs = policies.filter((np) => namespaceOf(np) === namespace);
      const denies = (direction: 'Ingress' | 'Egress'): boolean =>
        inNs.some((np) => {
          const spec = asObj(np.object.spec);
          return (
            isEmptySelector(spec.podSelector) &&
            policyTypes(spec).includes(direction) &&
            asArray(spec[direction === 'Ingress' ? 'ingress' : 'egress']).length === 0
          );
        });
      const missing = (['Ingress', 'Egress'] as const).filter((d) => !denies(d));
      if (missing.length === 0) continue;
      const ns = ctx.unit.resources.find(
        (r) => r.ref.kind === 'Namespace' && r.ref.apiVersion === 'v1' && r.ref.name === namespace,
      );
      const at = ns ?? first;
      out.push(
        ctx.report(
          at,
          ns ? ['metadata', 'name'] : ['metadata', 'namespace'],
          `namespace ${namespace || '(unset)'} has no default-deny NetworkPolicy ` +
            `for ${missing.join(' and ')}: pods not selected by an allow policy ` +
            `are open in that direction; expected a NetworkPolicy with podSelector ` +
            `{} and policyTypes [${missing.join(', ')}] and no ` +
            `${missing.map((d) => d.toLowerCase()).join('/')} rules`,
        ),
      );
    }
    for (const p of pods) {
      const selecting = policies.filter(
        (np) =>
          namespaceOf(np) === p.namespace &&
          isObj(asObj(np.object.spec).podSelector) &&
          selectorMatches(asObj(asObj(np.object.spec).podSelector), p.labels),
      );
      if (selecting.length) continue;
      const inNs = policies.filter((np) => namespaceOf(np) === p.namespace).map((np) => np.ref.name ?? '?');
      out.push(
        ctx.report(
          p.resource,
          [...p.template.metadataPath, 'labels'],
          `${label(p.resource)}: no NetworkPolicy` +
            `${p.namespace ? ` in namespace ${p.namespace}` : ''} selects its pods ` +
            `(${inNs.length ? `policies here: ${listOf(inNs)}` : 'there are none'}` +
            `), so all their traffic is allowed; expected a policy whose ` +
            `podSelector matches the pod labels (a default deny with podSelector ` +
            `{} does)`,
        ),
      );
    }
    return out;
  },
};
