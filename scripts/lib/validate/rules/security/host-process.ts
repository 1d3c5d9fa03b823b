import { asObj } from '../../k8s.js';
import { securityContextOf } from './pods.js';
import { pssRule, type Violation } from './pss.js';

/** SEC-B-11: no Windows HostProcess containers. */
export const hostProcess = pssRule({
  id: 'SEC-B-11',
  name: 'windows-host-process',
  level: 'baseline',
  description:
    'Pod Security baseline: securityContext.windowsOptions.hostProcess is unset or false at pod and container level.',
  remediation: 'Remove windowsOptions.hostProcess (or set it to false) at pod and container level.',
  check(pod) {
    const out: Violation[] = [];
    if (asObj(asObj(pod.template.spec.securityContext).windowsOptions).hostProcess === true) {
      out.push({
        path: [...pod.template.path, 'securityContext', 'windowsOptions', 'hostProcess'],
        message: 'the pod runs as a Windows HostProcess (full access to the node; expected hostProcess unset or false)',
      });
    }
    for (const c of pod.containers) {
      if (asObj(securityContextOf(c).windowsOptions).hostProcess === true)
        out.push({
          path: [...c.path, 'securityContext', 'windowsOptions', 'hostProcess'],
          message:
            `container "${c.name}" runs as a Windows HostProcess (full access to ` +
            `the node; expected hostProcess unset or false)`,
        });
    }
    return out;
  },
});
