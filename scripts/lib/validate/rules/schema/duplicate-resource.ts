import type { Finding } from '../../../findings.js';
import { isClusterScopedBuiltin } from '../../../schema/builtin.js';
import { CLUSTER_SCOPED_CUSTOM_KINDS, groupOf } from '../../k8s.js';
import type { Resource, Rule } from '../../types.js';

export function isClusterScoped(apiVersion: string, kind: string): boolean {
  return isClusterScopedBuiltin(apiVersion, kind) || CLUSTER_SCOPED_CUSTOM_KINDS.has(`${groupOf(apiVersion)}/${kind}`);
}

/** Identity as the API server sees it: group, kind, namespace (for namespaced kinds), name. Version is not part of it.
 *
 */
export function identityOf(r: Resource, defaultNamespace: string | undefined): string | undefined {
  const { apiVersion, kind, name } = r.ref;
  if (!name || name.endsWith('*')) return undefined; // generateName only
  const namespace = isClusterScoped(apiVersion, kind) ? '' : (r.ref.namespace ?? defaultNamespace ?? '');
  return `${groupOf(apiVersion)}/${kind}/${namespace}/${name}`;
}

export const duplicateResource: Rule = {
  id: 'SCH-014',
  name: 'duplicate-resource',
  group: 'schema',
  severity: 'error',
  scope: 'unit',
  unitNeeds: 'index',
  description:
    'No two resources in a unit share group, kind, namespace and name (one would silently replace the other).',
  remediation:
    'Remove one of the two resources or give them different names or namespaces; check that two overlays or ' +
    'components do not both add it.',
  check(ctx) {
    const seen = new Map<string, Resource>();
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      const id = identityOf(r, ctx.unit.namespace);
      if (!id) continue;
      const first = seen.get(id);
      if (first) {
        out.push(
          ctx.report(
            r,
            ['metadata', 'name'],
            `${r.ref.kind} ${r.ref.namespace ? `${r.ref.namespace}/` : ''}` +
              `${r.ref.name} is defined twice (first at ${first.location.file}:` +
              `${first.location.line}); expected each resource once`,
          ),
        );
      } else seen.set(id, r);
    }
    return out;
  },
};
