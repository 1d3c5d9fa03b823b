import { asArray, asObj } from '../../k8s.js';
import { existingPath, isWindowsPod, securityContextOf } from './pods.js';
import { pssRule, type Violation } from './pss.js';

/** The capabilities Pod Security baseline lets a container add (the container runtime's default set). */
export const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** SEC-B-03: capabilities.add only from the runtime's default set. */
export const capabilitiesBaseline = pssRule({
  id: 'SEC-B-03',
  name: 'capabilities-baseline',
  level: 'baseline',
  description:
    'Pod Security baseline: securityContext.capabilities.add only lists ' +
    'capabilities of the default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, ' +
    'FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, ' +
    'SETPCAP, SETUID, SYS_CHROOT).',
  remediation:
    'Remove capabilities outside the default set from securityContext.capabilities.add; redesign what needs ' +
    'them (e.g. NET_ADMIN) or run it in a privileged namespace.',
  check(pod) {
    const out: Violation[] = [];
    for (const c of pod.containers) {
      asArray(asObj(securityContextOf(c).capabilities).add).forEach((cap, i) => {
        if (typeof cap !== 'string' || !BASELINE_CAPABILITIES.has(cap)) {
          out.push({
            path: [...c.path, 'securityContext', 'capabilities', 'add', i],
            message:
              `container "${c.name}" adds capability ${JSON.stringify(cap)}, outside ` +
              `the default set baseline allows`,
          });
        }
      });
    }
    return out;
  },
});

/** SEC-R-06: drop ALL, add at most NET_BIND_SERVICE. */
export const capabilitiesRestricted = pssRule({
  id: 'SEC-R-06',
  name: 'capabilities-restricted',
  level: 'restricted',
  description:
    'Pod Security restricted: every container drops ALL capabilities ' +
    '(capabilities.drop contains "ALL") and adds none but NET_BIND_SERVICE ' +
    '(Windows pods exempt).',
  remediation: 'Add capabilities.drop: ["ALL"] to every container and add back at most NET_BIND_SERVICE.',
  check(pod) {
    const out: Violation[] = [];
    if (pod.minor >= 25 && isWindowsPod(pod)) return out;
    for (const c of pod.containers) {
      const caps = asObj(securityContextOf(c).capabilities);
      if (!asArray(caps.drop).includes('ALL')) {
        out.push({
          path: existingPath(pod.resource.object, [...c.path, 'securityContext', 'capabilities', 'drop']),
          message:
            `container "${c.name}" does not drop ALL capabilities (expected ` +
            `securityContext.capabilities.drop: [ALL])`,
        });
      }
      asArray(caps.add).forEach((cap, i) => {
        if (cap !== 'NET_BIND_SERVICE')
          out.push({
            path: [...c.path, 'securityContext', 'capabilities', 'add', i],
            message:
              `container "${c.name}" adds capability ${JSON.stringify(cap)}` +
              ` (restricted allows adding only NET_BIND_SERVICE)`,
          });
      });
    }
    return out;
  },
});
