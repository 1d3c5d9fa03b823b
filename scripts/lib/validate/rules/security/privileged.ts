import { pssRule, type Violation } from './pss.js';
import { securityContextOf } from './pods.js';

/** SEC-B-02: no privileged container (init and ephemeral included). */
export const privileged = pssRule({
  id: 'SEC-B-02',
  name: 'privileged',
  level: 'baseline',
  description:
    'Pod Security baseline: no container (init and ephemeral included) sets securityContext.privileged: true.',
  remediation:
    'Remove securityContext.privileged: true; grant only the specific capability the container needs, if any.',
  check(pod) {
    const out: Violation[] = [];
    for (const c of pod.containers) {
      if (securityContextOf(c).privileged === true)
        out.push({
          path: [...c.path, 'securityContext', 'privileged'],
          message:
            `container "${c.name}" is privileged (securityContext.privileged: true ` +
            `gives it full access to the node; expected unset or false)`,
        });
    }
    return out;
  },
});
