import { existingPath, isWindowsPod, securityContextOf } from './pods.js';
import { pssRule, type Violation } from './pss.js';

/** SEC-R-02: allowPrivilegeEscalation explicitly false — unset is a finding (the default allows escalation). */
export const privilegeEscalation = pssRule({
  id: 'SEC-R-02',
  name: 'no-privilege-escalation',
  level: 'restricted',
  description:
    'Pod Security restricted: every container (init and ephemeral ' +
    'included) sets securityContext.allowPrivilegeEscalation: false ' +
    'explicitly; unset is a finding, since the default allows escalation ' +
    '(Windows pods exempt).',
  remediation:
    'Set securityContext.allowPrivilegeEscalation: false on every container, init and ephemeral ones included.',
  check(pod) {
    const out: Violation[] = [];
    if (pod.minor >= 25 && isWindowsPod(pod)) return out;
    for (const c of pod.containers) {
      const value = securityContextOf(c).allowPrivilegeEscalation;
      if (value === false) continue;
      const message =
        value === undefined || value === null
          ? `container "${c.name}` +
            `" does not set securityContext.allowPrivilegeEscalation: false (unset ` +
            `allows setuid binaries to gain privileges; restricted requires it ` +
            `explicitly)`
          : `container "${c.name}" sets allowPrivilegeEscalation: ${JSON.stringify(value)} (expected false)`;
      out.push({
        path: existingPath(pod.resource.object, [...c.path, 'securityContext', 'allowPrivilegeEscalation']),
        message,
      });
    }
    return out;
  },
});
