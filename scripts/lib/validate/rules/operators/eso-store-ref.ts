import type { FieldPath, Finding } from '../../../findings.js';
import { asArray, asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { nameOf, namespaceOf, resourcesOf } from '../references/workloads.js';
import { ESO, findNamed, inNamespace, namesIn, rendered, specOf } from './shared.js';

/** Every store reference of an ExternalSecret: spec.secretStoreRef and each data/dataFrom sourceRef.storeRef. */
function storeRefs(spec: Record<string, unknown>): { ref: Record<string, unknown>; path: FieldPath }[] {
  const out: { ref: Record<string, unknown>; path: FieldPath }[] = [];
  if (spec.secretStoreRef !== undefined)
    out.push({ ref: asObj(spec.secretStoreRef), path: ['spec', 'secretStoreRef'] });
  for (const field of ['data', 'dataFrom'] as const) {
    asArray(spec[field]).forEach((d, i) => {
      const storeRef = asObj(asObj(d).sourceRef).storeRef;
      if (storeRef !== undefined) out.push({ ref: asObj(storeRef), path: ['spec', field, i, 'sourceRef', 'storeRef'] });
    });
  }
  return out;
}

/**
 * OPR-ESO-01: an ExternalSecret's store (kind SecretStore by default) is a SecretStore rendered in its
 * namespace; a ClusterSecretStore may come from another Application, so one not rendered in the unit is a
 * warning.
 */
export const esoStoreRef: Rule = {
  id: 'OPR-ESO-01',
  name: 'eso-store-ref',
  group: 'operators',
  severity: 'error',
  scope: 'unit',
  description:
    "An ExternalSecret's secretStoreRef (and each sourceRef.storeRef) " +
    'names a SecretStore rendered in its namespace (kind defaults to ' +
    'SecretStore); a ClusterSecretStore not rendered in the unit is a ' +
    'warning.',
  remediation:
    "Point secretStoreRef at a SecretStore rendered in the ExternalSecret's namespace (or set kind: " +
    'ClusterSecretStore for a cluster-wide store), or add the store to the unit.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of resourcesOf(ctx.unit, ESO, 'ExternalSecret')) {
      const namespace = namespaceOf(r);
      for (const { ref, path } of storeRefs(specOf(r))) {
        const kind = typeof ref.kind === 'string' && ref.kind ? ref.kind : 'SecretStore';
        const name = ref.name;
        if (kind === 'ClusterSecretStore') {
          if (
            typeof name === 'string' &&
            ctx.unit.resources.some(
              (s) => s.ref.kind === kind && s.ref.apiVersion.startsWith(`${ESO}/`) && nameOf(s) === name,
            )
          )
            continue;
          out.push(
            ctx.report(
              r,
              [...path, 'name'],
              `ExternalSecret ${nameOf(r)} reads ClusterSecretStore ${String(name)}, ` +
                `which this unit does not render; unless another Application installs ` +
                `it, the secret is never produced: expected a ClusterSecretStore ` +
                `${String(name)} on the cluster`,
              'warning',
            ),
          );
          continue;
        }
        if (kind !== 'SecretStore') continue;
        if (typeof name === 'string' && findNamed(ctx.unit, ESO, 'SecretStore', name, namespace)) continue;
        out.push(
          ctx.report(
            r,
            [...path, 'name'],
            `ExternalSecret ${nameOf(r)} reads SecretStore ${String(name)}, but ` +
              `${rendered(namesIn(ctx.unit, ESO, 'SecretStore', namespace), 'SecretStore')}` +
              `${inNamespace(namespace)}; External Secrets looks the store up in the ` +
              `ExternalSecret's namespace and never produces the secret: expected a ` +
              `SecretStore rendered with it (or kind: ClusterSecretStore)`,
          ),
        );
      }
    }
    return out;
  },
};
