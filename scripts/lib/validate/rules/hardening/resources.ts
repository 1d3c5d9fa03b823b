import type { Finding } from '../../../findings.js';
import { asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { existingPath, podsOf } from '../security/pods.js';

/** REL-01: requests and limits for cpu and memory on every container. */
export const resourcesSet: Rule = {
  id: 'REL-01',
  name: 'resources',
  group: 'hardening',
  severity: 'warning',
  scope: 'resource',
  description:
    'Every container (init included; ephemeral containers cannot set ' +
    'resources) sets resources.requests and resources.limits for both cpu ' +
    'and memory.',
  remediation: 'Set resources.requests and resources.limits for cpu and memory on every container and init container.',
  check(ctx) {
    const out: Finding[] = [];
    for (const pod of podsOf(ctx.unit)) {
      for (const c of pod.containers) {
        if (c.path.includes('ephemeralContainers')) continue;
        const resources = asObj(c.container.resources);
        for (const kind of ['requests', 'limits'] as const) {
          const block = asObj(resources[kind]);
          const missing = ['cpu', 'memory'].filter(
            (r) => block[r] === undefined || block[r] === null || block[r] === '',
          );
          if (missing.length === 0) continue;
          const why =
            kind === 'requests' ? 'the scheduler cannot place it reliably' : 'it can starve its neighbours on the node';
          out.push(
            ctx.report(
              pod.resource,
              existingPath(pod.resource.object, [...c.path, 'resources', kind]),
              `container "${c.name}" sets no ` +
                `${missing.map((r) => `${kind}.${r}`).join(' or ')} (${why}; expected ` +
                `requests and limits for cpu and memory)`,
            ),
          );
        }
      }
    }
    return out;
  },
};
