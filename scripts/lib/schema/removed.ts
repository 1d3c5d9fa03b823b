import type { RemovedApi } from './types.js';

/**
 * Kinds whose apiVersion Kubernetes stopped serving, 1.16 → 1.35 (CHECKS.md §2: the Kubernetes
 * "Deprecated API Migration Guide", cross-checked with Pluto's versions.yaml; from 1.33 on, the
 * APILifecycleRemoved versions of k8s.io/api v0.35.4 for kinds one applies — those betas were off by
 * default, but a manifest using them fails on every cluster from that version).
 *
 * Left out on purpose: audit.k8s.io (a config-file format read by the API server, not a kind you
 * apply) and `*List` kinds (removedApi derives those from their item kind).
 */
type Row = readonly [
  removedIn: string,
  apiVersion: string,
  kinds: readonly string[],
  replacementApiVersion: string,
  since: string,
];

const ROWS: readonly Row[] = [
  ['1.16', 'extensions/v1beta1', ['Deployment', 'DaemonSet', 'ReplicaSet'], 'apps/v1', '1.9'],
  ['1.16', 'extensions/v1beta1', ['NetworkPolicy'], 'networking.k8s.io/v1', '1.8'],
  ['1.16', 'apps/v1beta1', ['Deployment', 'StatefulSet', 'ReplicaSet', 'ControllerRevision'], 'apps/v1', '1.9'],
  [
    '1.16',
    'apps/v1beta2',
    ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision'],
    'apps/v1',
    '1.9',
  ],
  ['1.17', 'scheduling.k8s.io/v1alpha1', ['PriorityClass'], 'scheduling.k8s.io/v1', '1.14'],
  [
    '1.22',
    'admissionregistration.k8s.io/v1beta1',
    ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    'admissionregistration.k8s.io/v1',
    '1.16',
  ],
  ['1.22', 'apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], 'apiextensions.k8s.io/v1', '1.16'],
  ['1.22', 'apiregistration.k8s.io/v1beta1', ['APIService'], 'apiregistration.k8s.io/v1', '1.10'],
  ['1.22', 'authentication.k8s.io/v1beta1', ['TokenReview'], 'authentication.k8s.io/v1', '1.6'],
  [
    '1.22',
    'authorization.k8s.io/v1beta1',
    ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview', 'SelfSubjectRulesReview'],
    'authorization.k8s.io/v1',
    '1.6',
  ],
  ['1.22', 'certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], 'certificates.k8s.io/v1', '1.19'],
  ['1.22', 'coordination.k8s.io/v1beta1', ['Lease'], 'coordination.k8s.io/v1', '1.14'],
  ['1.22', 'extensions/v1beta1', ['Ingress'], 'networking.k8s.io/v1', '1.19'],
  ['1.22', 'networking.k8s.io/v1beta1', ['Ingress', 'IngressClass'], 'networking.k8s.io/v1', '1.19'],
  [
    '1.22',
    'rbac.authorization.k8s.io/v1beta1',
    ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    'rbac.authorization.k8s.io/v1',
    '1.8',
  ],
  [
    '1.22',
    'rbac.authorization.k8s.io/v1alpha1',
    ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    'rbac.authorization.k8s.io/v1',
    '1.8',
  ],
  ['1.22', 'scheduling.k8s.io/v1beta1', ['PriorityClass'], 'scheduling.k8s.io/v1', '1.14'],
  ['1.22', 'storage.k8s.io/v1beta1', ['CSIDriver'], 'storage.k8s.io/v1', '1.19'],
  ['1.22', 'storage.k8s.io/v1beta1', ['CSINode'], 'storage.k8s.io/v1', '1.17'],
  ['1.22', 'storage.k8s.io/v1beta1', ['StorageClass'], 'storage.k8s.io/v1', '1.6'],
  ['1.22', 'storage.k8s.io/v1beta1', ['VolumeAttachment'], 'storage.k8s.io/v1', '1.13'],
  ['1.25', 'batch/v1beta1', ['CronJob'], 'batch/v1', '1.21'],
  ['1.25', 'discovery.k8s.io/v1beta1', ['EndpointSlice'], 'discovery.k8s.io/v1', '1.21'],
  ['1.25', 'events.k8s.io/v1beta1', ['Event'], 'events.k8s.io/v1', '1.19'],
  ['1.25', 'autoscaling/v2beta1', ['HorizontalPodAutoscaler'], 'autoscaling/v2', '1.23'],
  ['1.25', 'policy/v1beta1', ['PodDisruptionBudget'], 'policy/v1', '1.21'],
  ['1.25', 'node.k8s.io/v1beta1', ['RuntimeClass'], 'node.k8s.io/v1', '1.20'],
  [
    '1.26',
    'flowcontrol.apiserver.k8s.io/v1beta1',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    'flowcontrol.apiserver.k8s.io/v1beta3',
    '1.26',
  ],
  ['1.26', 'autoscaling/v2beta2', ['HorizontalPodAutoscaler'], 'autoscaling/v2', '1.23'],
  ['1.27', 'storage.k8s.io/v1beta1', ['CSIStorageCapacity'], 'storage.k8s.io/v1', '1.24'],
  [
    '1.29',
    'flowcontrol.apiserver.k8s.io/v1beta2',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    'flowcontrol.apiserver.k8s.io/v1',
    '1.29',
  ],
  [
    '1.32',
    'flowcontrol.apiserver.k8s.io/v1beta3',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    'flowcontrol.apiserver.k8s.io/v1',
    '1.29',
  ],
  [
    '1.34',
    'admissionregistration.k8s.io/v1beta1',
    ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
    'admissionregistration.k8s.io/v1',
    '1.30',
  ],
  ['1.35', 'storage.k8s.io/v1alpha1', ['VolumeAttributesClass'], 'storage.k8s.io/v1', '1.34'],
];

/** PodSecurityPolicy has no successor kind: Pod Security Admission replaced it. */
const PSA = 'Pod Security Admission (pod-security.kubernetes.io labels on the Namespace)';

export const REMOVED_APIS: readonly RemovedApi[] = [
  ...ROWS.flatMap(([removedIn, apiVersion, kinds, to, since]) =>
    kinds.map((kind) => ({ apiVersion, kind, removedIn, replacement: `${to} ${kind} (available since ${since})` })),
  ),
  { apiVersion: 'extensions/v1beta1', kind: 'PodSecurityPolicy', removedIn: '1.16', replacement: PSA },
  { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', removedIn: '1.25', replacement: PSA },
];

const BY_GVK = new Map<string, RemovedApi>(REMOVED_APIS.map((r) => [`${r.apiVersion}|${r.kind}`, r]));

/** "1.28", "v1.28.3", "1.9" → [1, 28] / [1, 9]; undefined when it is not a version. */
export function parseMinor(version: string): readonly [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Compares Kubernetes versions by major, then minor, numerically ("1.9" < "1.25"). */
export function compareKubeVersions(a: string, b: string): number {
  const pa = parseMinor(a);
  const pb = parseMinor(b);
  if (!pa || !pb) throw new Error(`not a Kubernetes version: ${JSON.stringify(pa ? b : a)} (expected e.g. "1.28")`);
  return pa[0] - pb[0] || pa[1] - pb[1];
}

/**
 * The removal entry for apiVersion/kind when the target version no longer serves it (target ≥
 * removedIn), else undefined. `<Kind>List` follows its item kind.
 */
export function removedApi(apiVersion: string, kind: string, kubeVersion: string): RemovedApi | undefined {
  let entry = BY_GVK.get(`${apiVersion}|${kind}`);
  if (!entry && kind.endsWith('List')) {
    const item = BY_GVK.get(`${apiVersion}|${kind.slice(0, -'List'.length)}`);
    if (item) entry = { ...item, kind, replacement: item.replacement.replace(` ${item.kind} `, ` ${kind} `) };
  }
  if (!entry) return undefined;
  return compareKubeVersions(kubeVersion, entry.removedIn) >= 0 ? entry : undefined;
}
