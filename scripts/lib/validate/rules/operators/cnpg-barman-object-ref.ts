import type { FieldPath, Finding } from '../../../findings.js';
import { asArray, asObj } from '../../k8s.js';
import type { Resource, Rule } from '../../types.js';
import { nameOf, namespaceOf, resourcesOf } from '../references/workloads.js';
import { BARMAN, BARMAN_PLUGIN, CNPG, findNamed, inNamespace, namesIn, rendered, replicaOf, specOf } from './shared.js';

interface ObjectRef {
  readonly name: unknown;
  readonly path: FieldPath;
  readonly role: string;
}

/**
 * The ObjectStore names the Barman Cloud plugin (0.14) resolves for a Cluster, all in the Cluster's namespace:
 * barmanObjectName of the enabled plugin entry (archive and backups), and of the plugin of the externalClusters
 * entry named by bootstrap.recovery.source (restore) and by replica.source (WAL of the source).
 */
function objectRefs(cluster: Resource): ObjectRef[] {
  const spec = specOf(cluster);
  const out: ObjectRef[] = [];
  asArray(spec.plugins).forEach((p, i) => {
    const plugin = asObj(p);
    if (plugin.name !== BARMAN_PLUGIN || plugin.enabled === false) return;
    out.push({
      name: asObj(plugin.parameters).barmanObjectName,
      path: ['spec', 'plugins', i, 'parameters', 'barmanObjectName'],
      role: 'WAL archive and backups',
    });
  });
  const external = asArray(spec.externalClusters).map(asObj);
  const sources: [unknown, string][] = [
    [asObj(asObj(spec.bootstrap).recovery).source, 'recovery source'],
    [replicaOf(cluster)?.source, 'replica source'],
  ];
  const seen = new Set<number>();
  for (const [source, role] of sources) {
    if (typeof source !== 'string') continue;
    const index = external.findIndex((e) => e.name === source);
    const plugin = asObj(external[index]?.plugin);
    if (index < 0 || plugin.name !== BARMAN_PLUGIN || seen.has(index)) continue;
    seen.add(index);
    out.push({
      name: asObj(plugin.parameters).barmanObjectName,
      path: ['spec', 'externalClusters', index, 'plugin', 'parameters', 'barmanObjectName'],
      role: `${role} ${source}`,
    });
  }
  return out;
}

/** OPR-PG-07: every ObjectStore the Barman Cloud plugin resolves for a Cluster is rendered in its namespace. */
export const cnpgBarmanObjectRef: Rule = {
  id: 'OPR-PG-07',
  name: 'cnpg-barman-object-ref',
  group: 'operators',
  severity: 'error',
  scope: 'unit',
  description:
    "The barmanObjectName of a CloudNativePG Cluster's Barman Cloud plugin " +
    '(spec.plugins, and the externalClusters plugin of its recovery and ' +
    "replica source) names an ObjectStore rendered in the Cluster's " +
    'namespace.',
  remediation: "Add an ObjectStore with that name to the Cluster's namespace, or correct barmanObjectName.",
  check(ctx) {
    const out: Finding[] = [];
    for (const r of resourcesOf(ctx.unit, CNPG, 'Cluster')) {
      const namespace = namespaceOf(r);
      for (const ref of objectRefs(r)) {
        if (typeof ref.name === 'string' && ref.name && findNamed(ctx.unit, BARMAN, 'ObjectStore', ref.name, namespace))
          continue;
        const shown =
          typeof ref.name === 'string' && ref.name
            ? `ObjectStore ${ref.name}`
            : 'no ObjectStore (barmanObjectName is missing)';
        out.push(
          ctx.report(
            r,
            ref.path,
            `Cluster ${nameOf(r)}: the Barman Cloud plugin (${ref.role}) names ` +
              `${shown}, but ` +
              `${rendered(namesIn(ctx.unit, BARMAN, 'ObjectStore', namespace), 'ObjectStore')}` +
              `${inNamespace(namespace)}; the plugin reads the ObjectStore from the ` +
              `Cluster's namespace: expected the name of an ObjectStore rendered ` +
              `with it`,
          ),
        );
      }
    }
    return out;
  },
};
