import { asObj } from '../../k8s.js';
import { pssRule, type Violation } from './pss.js';

/** SEC-B-12: probes and lifecycle handlers reach the container itself, never another host (Pod Security baseline from
 * 1.34).
 */
export const hostProbes = pssRule({
  id: 'SEC-B-12',
  name: 'probe-host',
  level: 'baseline',
  description:
    'Pod Security baseline (from Kubernetes 1.34): no liveness, readiness ' +
    'or startup probe, and no postStart/preStop handler, sets httpGet.host ' +
    'or tcpSocket.host.',
  remediation:
    'Remove host from the probe or lifecycle handler (httpGet.host, tcpSocket.host) so it targets the pod itself.',
  check(pod) {
    const out: Violation[] = [];
    if (pod.minor < 34) return out;
    for (const c of pod.containers) {
      const handlers: [string[], unknown][] = [
        ...['livenessProbe', 'readinessProbe', 'startupProbe'].map((p): [string[], unknown] => [[p], c.container[p]]),
        ...['postStart', 'preStop'].map((h): [string[], unknown] => [
          ['lifecycle', h],
          asObj(c.container.lifecycle)[h],
        ]),
      ];
      for (const [at, handler] of handlers) {
        for (const kind of ['httpGet', 'tcpSocket']) {
          const host = asObj(asObj(handler)[kind]).host;
          if (typeof host === 'string' && host !== '')
            out.push({
              path: [...c.path, ...at, kind, 'host'],
              message:
                `container "${c.name}" ${at.join('.')} ${kind} targets host ` +
                `${JSON.stringify(host)} (expected no host: the kubelet then probes ` +
                `the pod itself)`,
            });
        }
      }
    }
    return out;
  },
});
