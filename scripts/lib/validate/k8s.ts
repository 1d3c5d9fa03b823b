/** Small facts about Kubernetes objects that several checks share. Pure functions. */
import type { FieldPath } from '../findings.js';
import type { Resource, Unit } from './types.js';

import { asArray, asObj, isObj, type Obj } from '../objects.js';

// the object helpers checks use, from their one home
export { asArray, asObj, isObj, type Obj };
export { selectorMatches } from '../label-selector.js';

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] as string) : '';
}

export function versionOf(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[1] as string) : apiVersion;
}

export interface PodTemplate {
  /** the pod spec object */
  readonly spec: Obj;
  /** path of the pod spec inside the resource */
  readonly path: FieldPath;
  /** path of the pod template metadata (labels, annotations), undefined for a bare Pod */
  readonly metadataPath: FieldPath;
  readonly metadata: Obj;
}

/** The pod template of a workload: Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod. */
export function podTemplateOf(object: Obj): PodTemplate | undefined {
  const kind = object.kind;
  const spec = asObj(object.spec);
  switch (kind) {
    case 'Pod':
      return { spec, path: ['spec'], metadataPath: ['metadata'], metadata: asObj(object.metadata) };
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job': {
      const template = asObj(spec.template);
      return {
        spec: asObj(template.spec),
        path: ['spec', 'template', 'spec'],
        metadataPath: ['spec', 'template', 'metadata'],
        metadata: asObj(template.metadata),
      };
    }
    case 'CronJob': {
      const template = asObj(asObj(asObj(spec.jobTemplate).spec).template);
      return {
        spec: asObj(template.spec),
        path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
        metadataPath: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
        metadata: asObj(template.metadata),
      };
    }
    default:
      return undefined;
  }
}

export interface ContainerRef {
  readonly container: Obj;
  readonly path: FieldPath;
  readonly name: string;
  readonly init: boolean;
}

/** Every container of a pod spec, init and ephemeral ones included. */
export function containersOf(template: PodTemplate): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    asArray(template.spec[field]).forEach((c, i) => {
      if (isObj(c))
        out.push({
          container: c,
          path: [...template.path, field, i],
          name: String(c.name ?? `#${i}`),
          init: field !== 'containers',
        });
    });
  }
  return out;
}

export interface Pod {
  readonly resource: Resource;
  readonly template: PodTemplate;
  /** init, regular and ephemeral containers */
  readonly containers: readonly ContainerRef[];
}

/** Every pod template of the unit (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod). */
export function podsOf(unit: Unit): Pod[] {
  const out: Pod[] = [];
  for (const resource of unit.resources) {
    const template = podTemplateOf(resource.object);
    if (template) out.push({ resource, template, containers: containersOf(template) });
  }
  return out;
}

/** Workload kinds whose replicas a HorizontalPodAutoscaler can own. */
export const SCALABLE_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

// ---- Quantities ------------------------------------------------------------------------------

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const SUFFIX: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6,
};

export function isQuantity(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && QUANTITY.test(value);
}

/** A resource quantity as a number (cores, bytes, counts), or undefined when it is not one. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value);
  if (!match) return undefined;
  const number = Number(match[1]);
  const suffix = match[2] ?? '';
  if (/^[eE]/.test(suffix)) return number * 10 ** Number(suffix.slice(1));
  return number * (SUFFIX[suffix] ?? 1);
}

// ---- Names -----------------------------------------------------------------------------------

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function dns1123Label(value: string): string | undefined {
  if (value.length > 63) return `"${value}" is ${value.length} characters (expected at most 63)`;
  if (!DNS1123_LABEL.test(value))
    return (
      `"${value}" is not a DNS-1123 label (expected lowercase letters, ` +
      `digits and '-', starting and ending with a letter or digit)`
    );
  return undefined;
}

export function dns1123Subdomain(value: string): string | undefined {
  if (value.length > 253) return `"${value}" is ${value.length} characters (expected at most 253)`;
  if (!DNS1123_SUBDOMAIN.test(value))
    return (
      `"${value}" is not a DNS-1123 subdomain (expected lowercase letters, ` +
      `digits, '-' and '.', starting and ending with a letter or digit)`
    );
  return undefined;
}

/** IANA_SVC_NAME: at most 15 characters, lowercase letters, digits and '-', at least one letter, no '--', no leading or
 * trailing '-'.
 */
export function ianaServiceName(value: string): string | undefined {
  if (value.length > 15) return `port name "${value}" is ${value.length} characters (expected at most 15)`;
  if (!/^[a-z0-9-]+$/.test(value)) return `port name "${value}" may contain only lowercase letters, digits and '-'`;
  if (!/[a-z]/.test(value)) return `port name "${value}" must contain at least one letter`;
  if (value.includes('--') || value.startsWith('-') || value.endsWith('-'))
    return `port name "${value}" must not start or end with '-' or contain '--'`;
  return undefined;
}

const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;

/** A label or annotation key: optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
export function qualifiedName(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `key "${key}" has more than one '/'`;
  const name = parts[parts.length - 1] as string;
  if (parts.length === 2) {
    const prefix = parts[0] as string;
    if (!prefix || dns1123Subdomain(prefix)) return `key "${key}": prefix "${prefix}" is not a DNS-1123 subdomain`;
  }
  if (!name || name.length > 63 || !LABEL_NAME.test(name))
    return (
      `key "${key}": name part must be 1-63 characters of letters, digits, ` +
      `'-', '_' or '.', starting and ending with a letter or digit`
    );
  return undefined;
}

export function labelValue(value: unknown): string | undefined {
  if (typeof value !== 'string') return `label value ${JSON.stringify(value)} is not a string (quote it)`;
  if (value === '') return undefined;
  if (value.length > 63 || !LABEL_NAME.test(value))
    return (
      `label value "${value}" must be at most 63 characters of letters, ` +
      `digits, '-', '_' or '.', starting and ending with a letter or digit`
    );
  return undefined;
}

/** A plain map selector (Service.spec.selector): every key equal. An empty selector selects nothing here. */
export function mapSelectorMatches(selector: Obj, labels: Obj): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** Cluster-scoped kinds among the custom resources this repo uses (built-ins are known to the schema source). */
export const CLUSTER_SCOPED_CUSTOM_KINDS = new Set([
  'cert-manager.io/ClusterIssuer',
  'external-secrets.io/ClusterSecretStore',
  'external-secrets.io/ClusterExternalSecret',
  'his.zarishsphere.com/ClusterDescription',
]);
