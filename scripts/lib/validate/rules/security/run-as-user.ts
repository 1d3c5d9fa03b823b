import { asObj } from '../../k8s.js';
import { securityContextOf } from './pods.js';
import { pssRule, type Violation } from './pss.js';

/** SEC-R-04: runAsUser never 0. */
export const runAsUser = pssRule({
  id: 'SEC-R-04',
  name: 'non-zero-uid',
  level: 'restricted',
  description:
    'Pod Security restricted: securityContext.runAsUser is unset or ' +
    'non-zero at pod and container level (pods with hostUsers: false ' +
    'exempt from Kubernetes 1.35).',
  remediation: 'Remove runAsUser: 0 or set a non-zero user id at pod and container level.',
  check(pod) {
    const out: Violation[] = [];
    if (pod.minor >= 35 && pod.template.spec.hostUsers === false) return out;
    if (asObj(pod.template.spec.securityContext).runAsUser === 0)
      out.push({
        path: [...pod.template.path, 'securityContext', 'runAsUser'],
        message: 'the pod sets runAsUser: 0 (root; expected a non-zero UID such as 1001)',
      });
    for (const c of pod.containers) {
      if (securityContextOf(c).runAsUser === 0)
        out.push({
          path: [...c.path, 'securityContext', 'runAsUser'],
          message: `container "${c.name}" sets runAsUser: 0 (root; expected a non-zero UID such as 1001)`,
        });
    }
    return out;
  },
});
