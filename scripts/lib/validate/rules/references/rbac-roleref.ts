import type { Finding } from '../../../findings.js';
import { isObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { isKind, nameOf, namespaceOf } from './workloads.js';

/** ClusterRoles every cluster has: the user-facing ones and the system: roles. */
const BUILTIN_CLUSTER_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'view']);

/**
 * REF-09: a RoleBinding's roleRef resolves: a Role of the unit in the binding's namespace, or a ClusterRole
 * of the unit or a built-in one (cluster-admin, admin, edit, view, system:*). A ClusterRoleBinding may only
 * refer to a ClusterRole, under the same rule.
 */
export const rbacRoleRef: Rule = {
  id: 'REF-09',
  name: 'rbac-roleref',
  group: 'references',
  severity: 'error',
  scope: 'unit',
  description:
    "A RoleBinding's or ClusterRoleBinding's roleRef names a Role (same " +
    'namespace) or ClusterRole of the unit, or a built-in ClusterRole.',
  remediation:
    'Point roleRef at a Role of the same namespace or a ClusterRole of the unit (or a built-in ' +
    'ClusterRole), or add the missing role.',
  check(ctx) {
    const out: Finding[] = [];
    const roles = new Set(
      ctx.unit.resources
        .filter((r) => isKind(r, 'rbac.authorization.k8s.io', 'Role'))
        .map((r) => `${namespaceOf(r)}/${nameOf(r)}`),
    );
    const clusterRoles = new Set(
      ctx.unit.resources.filter((r) => isKind(r, 'rbac.authorization.k8s.io', 'ClusterRole')).map(nameOf),
    );
    for (const r of ctx.unit.resources) {
      const binding = isKind(r, 'rbac.authorization.k8s.io', 'RoleBinding')
        ? 'RoleBinding'
        : isKind(r, 'rbac.authorization.k8s.io', 'ClusterRoleBinding')
          ? 'ClusterRoleBinding'
          : undefined;
      if (!binding) continue;
      if (!isObj(r.object.roleRef)) continue; // a missing roleRef is the schema rules' finding
      const ref = r.object.roleRef;
      const kind = String(ref.kind ?? '');
      const name = String(ref.name ?? '');
      const namespace = namespaceOf(r);
      const problem = ((): { field: string; text: string } | undefined => {
        if (kind === 'Role') {
          if (binding === 'ClusterRoleBinding')
            return { field: 'kind', text: `a ClusterRoleBinding can only refer to a ClusterRole, not Role "${name}"` };
          if (!roles.has(`${namespace}/${name}`))
            return {
              field: 'name',
              text: `Role "${name}" is not in this unit${namespace ? ` (namespace ${namespace})` : ''}`,
            };
        } else if (kind === 'ClusterRole') {
          if (!clusterRoles.has(name) && !BUILTIN_CLUSTER_ROLES.has(name) && !name.startsWith('system:'))
            return {
              field: 'name',
              text:
                `ClusterRole "${name}" is neither in this unit nor built in ` +
                `(cluster-admin, admin, edit, view, system:*)`,
            };
        } else return { field: 'kind', text: `roleRef kind "${kind}" is neither Role nor ClusterRole` };
        if (ref.apiGroup !== undefined && ref.apiGroup !== 'rbac.authorization.k8s.io')
          return {
            field: 'apiGroup',
            text: `roleRef apiGroup "${String(ref.apiGroup)}" is not rbac.authorization.k8s.io`,
          };
        return undefined;
      })();
      if (problem)
        out.push(
          ctx.report(
            r,
            ['roleRef', problem.field],
            `${binding} ${nameOf(r)}: ${problem.text}; the subjects get no ` +
              `permissions. Expected the role defined beside the binding`,
          ),
        );
    }
    return out;
  },
};
