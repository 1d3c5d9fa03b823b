import type { Finding } from '../../../findings.js';
import { asArray, asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';

const RBAC = 'rbac.authorization.k8s.io/';
const READ_VERBS = new Set(['get', 'list', 'watch', '*']);
/** ClusterRoles whose cluster-wide binding hands out (near) full control. */
const CLUSTER_WIDE_FORBIDDEN = new Set(['cluster-admin', 'admin', 'edit']);

/** SEC-H-05: least privilege in RBAC. */
export const rbac: Rule = {
  id: 'SEC-H-05',
  name: 'rbac',
  group: 'hardening',
  severity: 'error',
  scope: 'resource',
  description:
    'Role and ClusterRole rules use no "*" in apiGroups, resources or ' +
    'verbs; no RoleBinding or ClusterRoleBinding grants cluster-admin, and ' +
    'no ClusterRoleBinding grants admin or edit. Read access to Secrets ' +
    'and pods/exec or pods/attach are warnings.',
  remediation:
    'List the apiGroups, resources and verbs the workload needs instead of "*", and bind a narrower Role ' +
    'instead of cluster-admin, admin or edit.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      if (!r.ref.apiVersion.startsWith(RBAC)) continue;
      const kind = r.ref.kind;
      if (kind === 'Role' || kind === 'ClusterRole') {
        asArray(r.object.rules).forEach((ruleValue, i) => {
          const rule = asObj(ruleValue);
          const apiGroups = asArray(rule.apiGroups);
          const resources = asArray(rule.resources);
          const verbs = asArray(rule.verbs);
          for (const [field, list] of [
            ['apiGroups', apiGroups],
            ['resources', resources],
            ['verbs', verbs],
          ] as const) {
            list.forEach((value, j) => {
              if (value === '*')
                out.push(
                  ctx.report(
                    r,
                    ['rules', i, field, j],
                    `${kind} rule ${i} grants "*" in ${field} (every ` +
                      `${field === 'apiGroups' ? 'API group' : field === 'resources' ? 'resource' : 'verb'}` +
                      `, including ones added later); list exactly what is needed`,
                  ),
                );
            });
          }
          const core = apiGroups.includes('') || apiGroups.includes('*');
          if (!core) return;
          const readVerbs = verbs.filter((v) => typeof v === 'string' && READ_VERBS.has(v));
          resources.forEach((res, j) => {
            if (res === 'secrets' && readVerbs.length > 0) {
              out.push(
                ctx.report(
                  r,
                  ['rules', i, 'resources', j],
                  `${kind} rule ${i} can read Secrets (${readVerbs.join(', ')}` +
                    `${asArray(rule.resourceNames).length > 0 ? ', limited by resourceNames' : ''}` +
                    `): make sure the subject needs credentials`,
                  'warning',
                ),
              );
            }
            if ((res === 'pods/exec' || res === 'pods/attach') && verbs.length > 0) {
              out.push(
                ctx.report(
                  r,
                  ['rules', i, 'resources', j],
                  `${kind} rule ${i} grants ${res} (a shell in running pods, with their credentials)`,
                  'warning',
                ),
              );
            }
          });
        });
      }
      if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
        const roleRef = asObj(r.object.roleRef);
        const name = roleRef.name;
        if (roleRef.kind !== 'ClusterRole' || typeof name !== 'string') continue;
        if (name === 'cluster-admin') {
          out.push(
            ctx.report(
              r,
              ['roleRef', 'name'],
              `${kind} grants cluster-admin (full control` +
                `${kind === 'RoleBinding' ? ' of the namespace, including its RBAC' : ' of the cluster'}` +
                `); bind a Role with only the permissions needed`,
            ),
          );
        } else if (kind === 'ClusterRoleBinding' && CLUSTER_WIDE_FORBIDDEN.has(name)) {
          out.push(
            ctx.report(
              r,
              ['roleRef', 'name'],
              `ClusterRoleBinding grants ClusterRole ${name} in every namespace; ` +
                `bind it with a RoleBinding in the namespaces that need it, or use a ` +
                `narrower Role`,
            ),
          );
        }
      }
    }
    return out;
  },
};
