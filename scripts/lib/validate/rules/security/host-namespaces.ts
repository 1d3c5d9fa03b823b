import { pssRule, type Violation } from './pss.js';

/** SEC-B-01: no sharing of the node's network, PID or IPC namespace. */
export const hostNamespaces = pssRule({
  id: 'SEC-B-01',
  name: 'host-namespaces',
  level: 'baseline',
  description: 'Pod Security baseline: spec.hostNetwork, hostPID and hostIPC are unset or false.',
  remediation:
    'Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false); expose the workload ' +
    'through a Service instead.',
  check(pod) {
    const out: Violation[] = [];
    const what: Record<string, string> = { hostNetwork: 'network', hostPID: 'process (PID)', hostIPC: 'IPC' };
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      if (pod.template.spec[field] === true)
        out.push({
          path: [...pod.template.path, field],
          message:
            `${field} is true: the pod shares the node's ${what[field] ?? field}` +
            ` namespace (expected unset or false)`,
        });
    }
    return out;
  },
});
