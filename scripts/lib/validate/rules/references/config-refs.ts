import type { FieldPath, Finding, Severity } from '../../../findings.js';
import { asArray, asObj, containersOf, groupOf, isObj, podTemplateOf } from '../../k8s.js';
import type { Rule, Unit } from '../../types.js';
import { label, listOf, namespaceOf, nameOf, resourcesOf } from './workloads.js';

type RefKind = 'ConfigMap' | 'Secret';

interface Reference {
  readonly kind: RefKind;
  readonly name: string;
  readonly keys: readonly { key: string; path: FieldPath }[];
  readonly optional: boolean;
  readonly path: FieldPath;
  readonly via: string;
}

/** What exists in a namespace: name -> the keys it holds (undefined = unknown, e.g. dataFrom or generated). */
type Known = Map<string, { keys: Set<string> | undefined; by: string }>;

/** ConfigMaps every namespace has without the unit defining them. */
const IMPLICIT_CONFIGMAPS = ['kube-root-ca.crt'];

function mapKeys(...maps: unknown[]): Set<string> {
  return new Set(maps.flatMap((m) => (isObj(m) ? Object.keys(m) : [])));
}

/**
 * The keys an ExternalSecret writes: its template's data (plus data when mergePolicy is Merge), else data[].secretKey;
 * unknown with dataFrom or templateFrom, or when it merges into a Secret made elsewhere (creationPolicy Merge).
 */
function externalSecretKeys(spec: Record<string, unknown>): Set<string> | undefined {
  const target = asObj(spec.target);
  const template = asObj(target.template);
  if (
    target.creationPolicy === 'Merge' ||
    asArray(spec.dataFrom).length > 0 ||
    asArray(template.templateFrom).length > 0
  )
    return undefined;
  const dataKeys = new Set(asArray(spec.data).map((d) => String(asObj(d).secretKey ?? '')));
  const templated = mapKeys(template.data);
  if (templated.size === 0) return dataKeys;
  return template.mergePolicy === 'Merge' ? new Set([...templated, ...dataKeys]) : templated;
}

function known(unit: Unit): { configMaps: Map<string, Known>; secrets: Map<string, Known> } {
  const configMaps = new Map<string, Known>();
  const secrets = new Map<string, Known>();
  const add = (
    into: Map<string, Known>,
    namespace: string,
    name: string,
    keys: Set<string> | undefined,
    by: string,
  ): void => {
    let m = into.get(namespace);
    if (!m) {
      m = new Map();
      into.set(namespace, m);
    }
    if (!m.has(name)) m.set(name, { keys, by });
  };
  for (const r of unit.resources) {
    const ns = namespaceOf(r);
    const spec = asObj(r.object.spec);
    const group = groupOf(r.ref.apiVersion);
    if (r.ref.apiVersion === 'v1' && r.ref.kind === 'ConfigMap')
      add(configMaps, ns, nameOf(r), mapKeys(r.object.data, r.object.binaryData), 'ConfigMap');
    else if (r.ref.apiVersion === 'v1' && r.ref.kind === 'Secret')
      add(
        secrets,
        ns,
        nameOf(r),
        r.object.type === 'kubernetes.io/service-account-token'
          ? undefined
          : mapKeys(r.object.data, r.object.stringData),
        'Secret',
      );
    else if (group === 'external-secrets.io' && r.ref.kind === 'ExternalSecret')
      add(
        secrets,
        ns,
        String(asObj(spec.target).name ?? nameOf(r)),
        externalSecretKeys(spec),
        `ExternalSecret ${nameOf(r)}`,
      );
    else if (group === 'bitnami.com' && r.ref.kind === 'SealedSecret')
      add(
        secrets,
        ns,
        String(asObj(asObj(spec.template).metadata).name ?? nameOf(r)),
        mapKeys(spec.encryptedData, asObj(spec.template).data),
        `SealedSecret ${nameOf(r)}`,
      );
    else if (group === 'cert-manager.io' && r.ref.kind === 'Certificate' && typeof spec.secretName === 'string')
      add(secrets, ns, spec.secretName, undefined, `Certificate ${nameOf(r)}`);
  }
  // Secrets operators generate for their custom resources (names documented by CloudNativePG and Strimzi).
  for (const r of resourcesOf(unit, 'postgresql.cnpg.io', 'Cluster')) {
    for (const suffix of ['app', 'superuser', 'ca', 'server', 'replication'])
      add(secrets, namespaceOf(r), `${nameOf(r)}-${suffix}`, undefined, `CloudNativePG Cluster ${nameOf(r)}`);
  }
  for (const r of resourcesOf(unit, 'kafka.strimzi.io', 'Kafka')) {
    for (const suffix of ['cluster-ca-cert', 'clients-ca-cert', 'cluster-ca', 'clients-ca'])
      add(secrets, namespaceOf(r), `${nameOf(r)}-${suffix}`, undefined, `Kafka ${nameOf(r)}`);
  }
  for (const r of resourcesOf(unit, 'kafka.strimzi.io', 'KafkaUser'))
    add(secrets, namespaceOf(r), nameOf(r), undefined, `KafkaUser ${nameOf(r)}`);
  return { configMaps, secrets };
}

function itemsOf(source: Record<string, unknown>, path: FieldPath): { key: string; path: FieldPath }[] {
  return asArray(source.items).map((it, i) => ({
    key: String(asObj(it).key ?? ''),
    path: [...path, 'items', i, 'key'],
  }));
}

/** Every ConfigMap and Secret a pod template refers to. */
function podReferences(
  spec: Record<string, unknown>,
  path: FieldPath,
  containers: ReturnType<typeof containersOf>,
): Reference[] {
  const out: Reference[] = [];
  for (const c of containers) {
    asArray(c.container.env).forEach((e, i) => {
      const from = asObj(asObj(e).valueFrom);
      for (const [field, kind] of [
        ['configMapKeyRef', 'ConfigMap'],
        ['secretKeyRef', 'Secret'],
      ] as const) {
        const ref = from[field];
        if (!isObj(ref)) continue;
        const p: FieldPath = [...c.path, 'env', i, 'valueFrom', field];
        out.push({
          kind,
          name: String(ref.name ?? ''),
          keys: [{ key: String(ref.key ?? ''), path: [...p, 'key'] }],
          optional: ref.optional === true,
          path: [...p, 'name'],
          via: `env ${String(asObj(e).name)} of container "${c.name}"`,
        });
      }
    });
    asArray(c.container.envFrom).forEach((e, i) => {
      for (const [field, kind] of [
        ['configMapRef', 'ConfigMap'],
        ['secretRef', 'Secret'],
      ] as const) {
        const ref = asObj(e)[field];
        if (!isObj(ref)) continue;
        out.push({
          kind,
          name: String(ref.name ?? ''),
          keys: [],
          optional: ref.optional === true,
          path: [...c.path, 'envFrom', i, field, 'name'],
          via: `envFrom of container "${c.name}"`,
        });
      }
    });
  }
  asArray(spec.volumes).forEach((v, i) => {
    const volume = asObj(v);
    const vp: FieldPath = [...path, 'volumes', i];
    const via = `volume "${String(volume.name)}"`;
    if (isObj(volume.configMap)) {
      const s = volume.configMap;
      out.push({
        kind: 'ConfigMap',
        name: String(s.name ?? ''),
        keys: itemsOf(s, [...vp, 'configMap']),
        optional: s.optional === true,
        path: [...vp, 'configMap', 'name'],
        via,
      });
    }
    if (isObj(volume.secret)) {
      const s = volume.secret;
      out.push({
        kind: 'Secret',
        name: String(s.secretName ?? ''),
        keys: itemsOf(s, [...vp, 'secret']),
        optional: s.optional === true,
        path: [...vp, 'secret', 'secretName'],
        via,
      });
    }
    asArray(asObj(volume.projected).sources).forEach((src, j) => {
      const sp: FieldPath = [...vp, 'projected', 'sources', j];
      for (const [field, kind] of [
        ['configMap', 'ConfigMap'],
        ['secret', 'Secret'],
      ] as const) {
        const s = asObj(src)[field];
        if (!isObj(s)) continue;
        out.push({
          kind,
          name: String(s.name ?? ''),
          keys: itemsOf(s, [...sp, field]),
          optional: s.optional === true,
          path: [...sp, field, 'name'],
          via: `projected ${via}`,
        });
      }
    });
  });
  asArray(spec.imagePullSecrets).forEach((s, i) => {
    out.push({
      kind: 'Secret',
      name: String(asObj(s).name ?? ''),
      keys: [],
      optional: false,
      path: [...path, 'imagePullSecrets', i, 'name'],
      via: 'imagePullSecrets',
    });
  });
  return out;
}

/**
 * REF-06: every ConfigMap and Secret a pod refers to (env, envFrom, volumes, projected volumes, imagePullSecrets)
 * is in the unit, in the pod's namespace, or is written by an ExternalSecret / SealedSecret / cert-manager
 * Certificate / operator of the unit; and a referenced key exists where the object's keys are known.
 * A reference marked optional: true is reported as info. Custom resources' secret references are not checked.
 */
export const configRefs: Rule = {
  id: 'REF-06',
  name: 'config-refs',
  group: 'references',
  severity: 'error',
  scope: 'unit',
  description:
    'ConfigMaps and Secrets a pod references (env, envFrom, volumes, ' +
    'projected, imagePullSecrets) exist in the unit or are produced by an ' +
    'ExternalSecret, with the referenced keys.',
  remediation:
    'Add the ConfigMap or Secret (or the ExternalSecret producing it) with the referenced keys to the unit, ' +
    'correct the name or key, or mark the reference optional: true.',
  check(ctx) {
    const out: Finding[] = [];
    const { configMaps, secrets } = known(ctx.unit);
    for (const r of ctx.unit.resources) {
      const template = podTemplateOf(r.object);
      if (!template) continue;
      const namespace = namespaceOf(r);
      const where = namespace ? ` (namespace ${namespace})` : '';
      for (const ref of podReferences(template.spec, template.path, containersOf(template))) {
        const severity: Severity | undefined = ref.optional ? 'info' : undefined;
        const suffix = ref.optional ? ' (optional: the pod starts without it)' : '';
        if (ref.kind === 'ConfigMap' && IMPLICIT_CONFIGMAPS.includes(ref.name)) continue;
        const found = (ref.kind === 'ConfigMap' ? configMaps : secrets).get(namespace)?.get(ref.name);
        if (!found) {
          const expected =
            ref.kind === 'ConfigMap'
              ? 'a ConfigMap of that name in the unit'
              : 'an ExternalSecret whose target.name (or name) is that Secret';
          out.push(
            ctx.report(
              r,
              ref.path,
              `${label(r)}: ${ref.via} refers to ${ref.kind} "${ref.name}", which is ` +
                `not in this unit${where}${suffix}; expected ${expected}`,
              severity,
            ),
          );
          continue;
        }
        if (!found.keys) continue;
        for (const k of ref.keys) {
          if (found.keys.has(k.key)) continue;
          const have = [...found.keys];
          out.push(
            ctx.report(
              r,
              k.path,
              `${label(r)}: ${ref.via} reads key "${k.key}" of ${ref.kind} ` +
                `${ref.name}, which ` +
                `${found.by === ref.kind ? 'has' : `(from ${found.by}) has`} ` +
                `${have.length ? `only ${listOf(have, 6)}` : 'no keys'}${suffix}` +
                `; expected an existing key`,
              severity,
            ),
          );
        }
      }
    }
    return out;
  },
};
