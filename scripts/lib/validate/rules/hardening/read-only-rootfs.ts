import type { Finding } from '../../../findings.js';
import type { Rule } from '../../types.js';
import { existingPath, podsOf, securityContextOf } from '../security/pods.js';

/** SEC-H-01: containers cannot write to their image filesystem. */
export const readOnlyRootFs: Rule = {
  id: 'SEC-H-01',
  name: 'read-only-rootfs',
  group: 'hardening',
  severity: 'warning',
  scope: 'resource',
  description:
    'Every container (init and ephemeral included) sets ' +
    'securityContext.readOnlyRootFilesystem: true (mount an emptyDir where ' +
    'it must write).',
  remediation:
    'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir at each path the container ' +
    'writes to (e.g. /tmp).',
  check(ctx) {
    const out: Finding[] = [];
    for (const pod of podsOf(ctx.unit)) {
      for (const c of pod.containers) {
        const value = securityContextOf(c).readOnlyRootFilesystem;
        if (value === true) continue;
        const message =
          value === undefined || value === null
            ? `container "${c.name}` +
              `" does not set securityContext.readOnlyRootFilesystem: true (a ` +
              `compromised process can modify the image filesystem; mount an ` +
              `emptyDir for scratch space)`
            : `container "${c.name}" sets readOnlyRootFilesystem: ` +
              `${JSON.stringify(value)} (expected true; mount an emptyDir for ` +
              `scratch space)`;
        out.push(
          ctx.report(
            pod.resource,
            existingPath(pod.resource.object, [...c.path, 'securityContext', 'readOnlyRootFilesystem']),
            message,
          ),
        );
      }
    }
    return out;
  },
};
