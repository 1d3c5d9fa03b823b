import { asObj } from '../../k8s.js';
import { existingPath, quoteList, securityContextOf } from './pods.js';
import { pssRule, type Violation } from './pss.js';

/** SEC-R-03: runAsNonRoot true at pod level (not overridden to false) or on every container. */
export const runAsNonRoot = pssRule({
  id: 'SEC-R-03',
  name: 'run-as-non-root',
  level: 'restricted',
  description:
    'Pod Security restricted: securityContext.runAsNonRoot is true at pod ' +
    'level (no container overriding it to false) or on every container ' +
    '(pods with hostUsers: false exempt from Kubernetes 1.35).',
  remediation:
    'Set securityContext.runAsNonRoot: true on the pod (and remove any container override to false), with ' +
    'an image that runs as a non-root user.',
  check(pod) {
    const out: Violation[] = [];
    if (pod.minor >= 35 && pod.template.spec.hostUsers === false) return out;
    const podValue = asObj(pod.template.spec.securityContext).runAsNonRoot;
    const unset: string[] = [];
    for (const c of pod.containers) {
      const value = securityContextOf(c).runAsNonRoot;
      if (value === undefined || value === null) {
        unset.push(c.name);
      } else if (value !== true) {
        out.push({
          path: [...c.path, 'securityContext', 'runAsNonRoot'],
          message:
            `container "${c.name}" sets runAsNonRoot: ${JSON.stringify(value)}` +
            ` (expected true, or unset with runAsNonRoot: true on the pod)`,
        });
      }
    }
    const podPath = existingPath(pod.resource.object, [...pod.template.path, 'securityContext', 'runAsNonRoot']);
    const unsetText =
      unset.length > 0
        ? `; container${unset.length > 1 ? 's' : ''} ${quoteList(unset)} do` +
          `${unset.length > 1 ? '' : 'es'} not set it either`
        : '';
    if (podValue !== undefined && podValue !== null && podValue !== true) {
      out.push({ path: podPath, message: `the pod sets runAsNonRoot: ${JSON.stringify(podValue)} (expected true)` });
    } else if (podValue !== true && unset.length > 0) {
      out.push({
        path: podPath,
        message:
          `the pod may run as root: securityContext.runAsNonRoot is not set on ` +
          `the pod${unsetText} (expected runAsNonRoot: true on the pod, or on ` +
          `every container)`,
      });
    }
    return out;
  },
});
