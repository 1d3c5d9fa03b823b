import type { FieldPath } from '../../../findings.js';
import { asObj, isObj } from '../../k8s.js';
import { securityContextOf } from './pods.js';
import { pssRule, type Violation } from './pss.js';

/** SEC-B-07: no custom SELinux user/role; type among the container types. */
export const seLinux = pssRule({
  id: 'SEC-B-07',
  name: 'selinux',
  level: 'baseline',
  description:
    'Pod Security baseline: seLinuxOptions (pod and containers) sets no ' +
    'user or role, and type only container_t, container_init_t, ' +
    'container_kvm_t (or container_engine_t from Kubernetes 1.31).',
  remediation:
    'Remove seLinuxOptions user and role, and set type only to container_t, container_init_t or ' +
    'container_kvm_t (container_engine_t from 1.31), or drop seLinuxOptions.',
  check(pod) {
    const out: Violation[] = [];
    const types = new Set([
      'container_t',
      'container_init_t',
      'container_kvm_t',
      ...(pod.minor >= 31 ? ['container_engine_t'] : []),
    ]);
    const check = (options: unknown, path: FieldPath, who: string): void => {
      if (!isObj(options)) return;
      const type = options.type;
      if (type !== undefined && type !== null && type !== '' && !(typeof type === 'string' && types.has(type))) {
        out.push({
          path: [...path, 'type'],
          message:
            `${who} sets seLinuxOptions.type ${JSON.stringify(type)} (expected ` +
            `unset or one of ${[...types].join(', ')})`,
        });
      }
      for (const field of ['user', 'role'] as const) {
        const value = options[field];
        if (value !== undefined && value !== null && value !== '')
          out.push({
            path: [...path, field],
            message:
              `${who} sets seLinuxOptions.${field} ${JSON.stringify(value)}` +
              ` (expected unset: custom SELinux users and roles are not allowed)`,
          });
      }
    };
    check(
      asObj(pod.template.spec.securityContext).seLinuxOptions,
      [...pod.template.path, 'securityContext', 'seLinuxOptions'],
      'the pod',
    );
    for (const c of pod.containers)
      check(
        securityContextOf(c).seLinuxOptions,
        [...c.path, 'securityContext', 'seLinuxOptions'],
        `container "${c.name}"`,
      );
    return out;
  },
});
