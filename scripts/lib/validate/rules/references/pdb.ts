/** What a PodDisruptionBudget covers: the workloads (and operator pods) its selector matches, with their replica
 * counts.
 */
import { asObj, isObj, selectorMatches, type Obj } from '../../k8s.js';
import type { Resource, Unit } from '../../types.js';
import {
  hpasByTarget,
  isKind,
  label,
  nameOf,
  namespaceOf,
  operatorPods,
  podSources,
  selectsOperatorPods,
} from './workloads.js';

export interface Covered {
  /** "Deployment/web" or "CloudNativePG Cluster x instances" */
  readonly what: string;
  readonly resource: Resource;
  /** the smallest number of pods it runs, and why; undefined when not a fixed count (DaemonSet, Job) */
  readonly replicas?: { readonly count: number; readonly source: string } | undefined;
}

export function isPdb(r: Resource): boolean {
  return isKind(r, 'policy', 'PodDisruptionBudget');
}

/** policy/v1: a missing selector selects nothing, an empty one every pod of the namespace. */
export function pdbSelector(pdb: Resource): Obj | undefined {
  const selector = asObj(pdb.object.spec).selector;
  return isObj(selector) ? selector : undefined;
}

export function coveredBy(pdb: Resource, unit: Unit): Covered[] {
  const selector = pdbSelector(pdb);
  if (!selector) return [];
  const namespace = namespaceOf(pdb);
  const hpas = hpasByTarget(unit);
  const out: Covered[] = [];
  for (const p of podSources(unit)) {
    if (p.namespace !== namespace || !selectorMatches(selector, p.labels)) continue;
    const kind = p.resource.ref.kind;
    let replicas: Covered['replicas'];
    if (['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'].includes(kind)) {
      const hpa = hpas.get(p.resource);
      if (hpa) {
        const min = asObj(hpa.object.spec).minReplicas;
        replicas = {
          count: typeof min === 'number' ? min : 1,
          source: `HorizontalPodAutoscaler ${nameOf(hpa)} minReplicas${typeof min === 'number' ? '' : ' (unset: 1)'}`,
        };
      } else {
        const n = asObj(p.resource.object.spec).replicas;
        replicas = {
          count: typeof n === 'number' ? n : 1,
          source: typeof n === 'number' ? 'spec.replicas' : 'spec.replicas unset: 1',
        };
      }
    } else if (kind === 'Pod') replicas = { count: 1, source: 'a bare Pod' };
    out.push({ what: label(p.resource), resource: p.resource, replicas });
  }
  for (const o of operatorPods(unit)) {
    if (o.namespace === namespace && selectsOperatorPods(selector, o))
      out.push({ what: o.what, resource: o.resource, replicas: { count: o.replicas, source: 'the custom resource' } });
  }
  return out;
}
