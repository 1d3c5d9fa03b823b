import { asObj, isObj } from '../../k8s.js';
import { existingPath, isWindowsPod, quoteList, securityContextOf } from './pods.js';
import { pssRule, type Violation } from './pss.js';

const VALID = new Set(['RuntimeDefault', 'Localhost']);

function typeOf(profile: unknown): string {
  return JSON.stringify(asObj(profile).type ?? null);
}

/** SEC-B-09: seccomp not switched off (Unconfined) at pod or container level. */
export const seccompBaseline = pssRule({
  id: 'SEC-B-09',
  name: 'seccomp-baseline',
  level: 'baseline',
  description:
    'Pod Security baseline: seccompProfile.type (pod and containers) is ' +
    'unset, RuntimeDefault or Localhost — never Unconfined.',
  remediation: 'Set seccompProfile.type to RuntimeDefault (or Localhost with a profile) instead of Unconfined.',
  check(pod) {
    const out: Violation[] = [];
    const podProfile = asObj(pod.template.spec.securityContext).seccompProfile;
    if (isObj(podProfile) && !VALID.has(String(podProfile.type))) {
      out.push({
        path: [...pod.template.path, 'securityContext', 'seccompProfile', 'type'],
        message: `the pod sets seccompProfile.type ${typeOf(podProfile)} (expected RuntimeDefault or Localhost)`,
      });
    }
    for (const c of pod.containers) {
      const profile = securityContextOf(c).seccompProfile;
      if (isObj(profile) && !VALID.has(String(profile.type)))
        out.push({
          path: [...c.path, 'securityContext', 'seccompProfile', 'type'],
          message:
            `container "${c.name}" sets seccompProfile.type ${typeOf(profile)}` +
            ` (expected RuntimeDefault or Localhost)`,
        });
    }
    return out;
  },
});

/** SEC-R-05: a seccomp profile is required — at pod level, or on every container. */
export const seccompRestricted = pssRule({
  id: 'SEC-R-05',
  name: 'seccomp-restricted',
  level: 'restricted',
  description:
    'Pod Security restricted: seccompProfile.type is RuntimeDefault or ' +
    'Localhost at pod level (containers may omit it) or on every ' +
    'container; never Unconfined (Windows pods exempt).',
  remediation: 'Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod (or on every container).',
  check(pod) {
    const out: Violation[] = [];
    if (pod.minor >= 25 && isWindowsPod(pod)) return out;
    const podProfile = asObj(pod.template.spec.securityContext).seccompProfile;
    const podValid = isObj(podProfile) && VALID.has(String(podProfile.type));
    const unset: string[] = [];
    for (const c of pod.containers) {
      const profile = securityContextOf(c).seccompProfile;
      if (!isObj(profile)) {
        if (!podValid) unset.push(c.name);
      } else if (!VALID.has(String(profile.type))) {
        out.push({
          path: [...c.path, 'securityContext', 'seccompProfile', 'type'],
          message:
            `container "${c.name}" sets seccompProfile.type ${typeOf(profile)}` +
            ` (expected RuntimeDefault or Localhost)`,
        });
      }
    }
    const podPath = [...pod.template.path, 'securityContext', 'seccompProfile', 'type'];
    const unsetText =
      unset.length > 0
        ? `; container${unset.length > 1 ? 's' : ''} ${quoteList(unset)} set${unset.length > 1 ? '' : 's'} none either`
        : '';
    if (isObj(podProfile) && !podValid) {
      out.push({
        path: existingPath(pod.resource.object, podPath),
        message: `the pod sets seccompProfile.type ${typeOf(podProfile)} (expected RuntimeDefault or Localhost)`,
      });
    } else if (unset.length > 0) {
      out.push({
        path: existingPath(pod.resource.object, podPath),
        message:
          `no seccomp profile: the pod does not set ` +
          `securityContext.seccompProfile.type${unsetText} (expected ` +
          `RuntimeDefault or Localhost at pod level, or on every container)`,
      });
    }
    return out;
  },
});
