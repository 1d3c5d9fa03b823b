import { asArray, asObj } from '../../k8s.js';
import { pssRule, type Violation } from './pss.js';

/**
 * The sysctls Pod Security baseline allows, by the Kubernetes minor that added them (the versioned
 * checks of k8s.io/pod-security-admission; none was added from 1.33 to 1.35).
 */
const ALLOWED_SINCE: readonly (readonly [number, readonly string[]])[] = [
  [
    0,
    [
      'kernel.shm_rmid_forced',
      'net.ipv4.ip_local_port_range',
      'net.ipv4.ip_unprivileged_port_start',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.ping_group_range',
    ],
  ],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [
    29,
    [
      'net.ipv4.tcp_keepalive_time',
      'net.ipv4.tcp_fin_timeout',
      'net.ipv4.tcp_keepalive_intvl',
      'net.ipv4.tcp_keepalive_probes',
    ],
  ],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
];

/** The sysctls allowed at a Kubernetes minor. */
export function allowedSysctls(minor: number): Set<string> {
  return new Set(ALLOWED_SINCE.filter(([since]) => since <= minor).flatMap(([, names]) => names));
}

function addedIn(name: string): number | undefined {
  return ALLOWED_SINCE.find(([, names]) => names.includes(name))?.[0];
}

/** SEC-B-10: only the "safe" namespaced sysctls, per target version. */
export const sysctls = pssRule({
  id: 'SEC-B-10',
  name: 'sysctls',
  level: 'baseline',
  description:
    'Pod Security baseline: spec.securityContext.sysctls only names the ' +
    'safe sysctls allowed at the target Kubernetes version (5 names; ' +
    '+ip_local_reserved_ports at 1.27; +4 tcp keepalive/fin at 1.29; ' +
    '+tcp_rmem/tcp_wmem at 1.32).',
  remediation:
    'Remove the sysctl from spec.securityContext.sysctls, or set it on the node; only the safe sysctls of ' +
    'the target version are allowed in pods.',
  check(pod) {
    const out: Violation[] = [];
    const allowed = allowedSysctls(pod.minor);
    asArray(asObj(pod.template.spec.securityContext).sysctls).forEach((s, i) => {
      const name = asObj(s).name;
      if (typeof name === 'string' && allowed.has(name)) return;
      const since = typeof name === 'string' ? addedIn(name) : undefined;
      const why =
        since !== undefined
          ? `allowed only from Kubernetes 1.${since}; the target is 1.${pod.minor}`
          : 'not one of the safe, namespaced sysctls';
      out.push({
        path: [...pod.template.path, 'securityContext', 'sysctls', i, 'name'],
        message: `sysctl ${JSON.stringify(name)} is ${why} (allowed: ${[...allowed].join(', ')})`,
      });
    });
    return out;
  },
});
