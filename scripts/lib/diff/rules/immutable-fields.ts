import type { Finding } from '../../findings.js';
import type { ResourceChange } from '../compare.js';
import { isObj } from '../../objects.js';
import { deepEqual, showValue, type Segment } from '../fields.js';
import { parseQuantity } from '../../validate/k8s.js';
import { resourceFinding, syncOptions, type DiffRule } from './types.js';

type Obj = Record<string, unknown>;

interface Problem {
  readonly path: Segment[];
  readonly what: string;
}

const spec = (o: Obj | undefined): Obj => (o && isObj(o.spec) ? o.spec : {});

/** StatefulSet spec fields the API server lets an update change (apps/v1 ValidateStatefulSetUpdate). */
const STATEFULSET_MUTABLE = new Set([
  'replicas',
  'template',
  'updateStrategy',
  'minReadySeconds',
  'ordinals',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
]);
/** PVC spec fields that may change on a bound claim. */
const PVC_MUTABLE = new Set(['resources', 'volumeAttributesClassName']);

function changedKeys(a: Obj, b: Obj, skip: ReadonlySet<string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !skip.has(k) && !deepEqual(a[k], b[k]));
}

function fromTo(a: unknown, b: unknown): string {
  return `from ${showValue(a, 80)} to ${showValue(b, 80)}`;
}

/** The immutable fields a change touches, by kind. */
export function immutableProblems(change: ResourceChange): Problem[] {
  const before = change.base?.object;
  const after = change.head?.object;
  if (!before || !after) return [];
  const { group, kind } = change.identity;
  const a = spec(before);
  const b = spec(after);
  const out: Problem[] = [];
  if (
    group === 'apps' &&
    ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(kind) &&
    !deepEqual(a.selector, b.selector)
  ) {
    out.push({
      path: ['spec', 'selector'],
      what:
        `spec.selector changed ${fromTo(a.selector, b.selector)} (a label ` +
        `added through commonLabels or labels with includeSelectors does this)`,
    });
  }
  if (group === 'apps' && kind === 'StatefulSet') {
    for (const key of changedKeys(a, b, new Set([...STATEFULSET_MUTABLE, 'selector']))) {
      const what =
        key === 'volumeClaimTemplates'
          ? 'spec.volumeClaimTemplates changed (the claims of existing pods are never updated)'
          : `spec.${key} changed ${fromTo(a[key], b[key])}`;
      out.push({ path: ['spec', key], what });
    }
  }
  if (group === '' && kind === 'Service') {
    for (const key of ['clusterIP', 'clusterIPs']) {
      if (!deepEqual(a[key], b[key]))
        out.push({ path: ['spec', key], what: `spec.${key} changed ${fromTo(a[key], b[key])}` });
    }
    if (a.type !== b.type && (a.type === 'ExternalName' || b.type === 'ExternalName')) {
      out.push({
        path: ['spec', 'type'],
        what:
          `spec.type changed ` +
          `${fromTo(a.type ?? 'ClusterIP', b.type ?? 'ClusterIP')}: a cluster IP ` +
          `is allocated or released, which an update cannot do together with the ` +
          `rest of the spec`,
      });
    }
  }
  if (group === 'batch' && kind === 'Job') {
    const annotations = (o: Obj): Obj =>
      isObj(o.metadata) && isObj(o.metadata.annotations) ? o.metadata.annotations : {};
    const hook = 'argocd.argoproj.io/hook' in annotations(after) || 'helm.sh/hook' in annotations(after);
    if (!hook) {
      if (!deepEqual(a.template, b.template))
        out.push({ path: ['spec', 'template'], what: 'spec.template (the pod template of a Job) changed' });
      if (!deepEqual(a.selector, b.selector))
        out.push({ path: ['spec', 'selector'], what: `spec.selector changed ${fromTo(a.selector, b.selector)}` });
    }
  }
  if (group === '' && kind === 'PersistentVolumeClaim') {
    for (const key of changedKeys(a, b, PVC_MUTABLE))
      out.push({ path: ['spec', key], what: `spec.${key} changed ${fromTo(a[key], b[key])}` });
    const size = (s: Obj): unknown =>
      isObj(s.resources) && isObj(s.resources.requests) ? s.resources.requests.storage : undefined;
    const was = parseQuantity(size(a));
    const now = parseQuantity(size(b));
    if (was !== undefined && now !== undefined && now < was) {
      out.push({
        path: ['spec', 'resources', 'requests', 'storage'],
        what: `spec.resources.requests.storage shrinks ${fromTo(size(a), size(b))} (a claim can only grow)`,
      });
    }
  }
  if (group === '' && (kind === 'ConfigMap' || kind === 'Secret') && before.immutable === true) {
    for (const key of ['data', 'binaryData', 'stringData']) {
      if (!deepEqual(before[key], after[key]))
        out.push({ path: [key], what: `${key} of an immutable ${kind} (immutable: true) changed` });
    }
    if (after.immutable !== true)
      out.push({
        path: ['immutable'],
        what: `immutable: true was removed (an immutable ${kind} cannot be made mutable again)`,
      });
  }
  return out;
}

export const immutableFields: DiffRule = {
  id: 'DIFF-001',
  name: 'immutable-field',
  severity: 'error',
  group: 'diff',
  scope: 'diff',
  description:
    'A change Argo CD cannot apply: it touches a field the API server ' +
    'treats as immutable ("field is immutable" at sync time).',
  remediation:
    'Keep the immutable field as it was; if it must change, plan a replacement (a new name, or delete and ' +
    're-create with Replace=true) and its data migration.',
  deletion: false,
  check(ctx) {
    const findings: Finding[] = [];
    for (const app of ctx.diff.applications) {
      for (const change of app.changed) {
        const options = syncOptions(change.head?.object);
        if (options.has('Replace=true') && options.has('Force=true')) continue; // Argo CD deletes and re-creates it
        for (const p of immutableProblems(change)) {
          findings.push(
            resourceFinding(
              this,
              app,
              change,
              p.path,
              `${p.what}: the API server rejects this update (field is immutable), ` +
                `so the sync of ${app.name} fails. Keep the old value, or plan a ` +
                `delete and re-create (for example a one-off sync with ` +
                `Replace=true,Force=true) and say so in the pull request`,
            ),
          );
        }
      }
    }
    return findings;
  },
};
