import { asArray, asObj } from '../../k8s.js';
import { pssRule, type Violation } from './pss.js';

/** SEC-B-05: no host ports. */
export const hostPorts = pssRule({
  id: 'SEC-B-05',
  name: 'host-ports',
  level: 'baseline',
  description: 'Pod Security baseline: every containers[*].ports[*].hostPort is unset or 0.',
  remediation:
    'Remove hostPort from the container ports; reach the pod through a Service (NodePort or LoadBalancer if ' +
    'it must be outside the cluster).',
  check(pod) {
    const out: Violation[] = [];
    for (const c of pod.containers) {
      asArray(c.container.ports).forEach((p, i) => {
        const hostPort = asObj(p).hostPort;
        if (hostPort !== undefined && hostPort !== null && hostPort !== 0)
          out.push({
            path: [...c.path, 'ports', i, 'hostPort'],
            message:
              `container "${c.name}" binds host port ${String(hostPort)} on the node ` +
              `(expected hostPort unset or 0; expose it through a Service)`,
          });
      });
    }
    return out;
  },
});
