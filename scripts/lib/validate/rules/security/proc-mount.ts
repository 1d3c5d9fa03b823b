import { securityContextOf } from './pods.js';
import { pssRule, type Violation } from './pss.js';

/** SEC-B-08: the default /proc masks. */
export const procMount = pssRule({
  id: 'SEC-B-08',
  name: 'proc-mount',
  level: 'baseline',
  description:
    'Pod Security baseline: securityContext.procMount is unset or Default ' +
    '(any value allowed for pods with hostUsers: false from Kubernetes ' +
    '1.35).',
  remediation: 'Remove securityContext.procMount or set it to Default.',
  check(pod) {
    const out: Violation[] = [];
    if (pod.minor >= 35 && pod.template.spec.hostUsers === false) return out;
    for (const c of pod.containers) {
      const value = securityContextOf(c).procMount;
      if (value !== undefined && value !== null && value !== 'Default')
        out.push({
          path: [...c.path, 'securityContext', 'procMount'],
          message:
            `container "${c.name}" sets procMount ${JSON.stringify(value)}` +
            `, unmasking /proc (expected unset or Default)`,
        });
    }
    return out;
  },
});
