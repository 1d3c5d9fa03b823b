import { asArray, asObj } from '../../k8s.js';
import { pssRule, type Violation } from './pss.js';

/** SEC-B-04: no hostPath volumes. */
export const hostPath = pssRule({
  id: 'SEC-B-04',
  name: 'host-path',
  level: 'baseline',
  description: 'Pod Security baseline: no spec.volumes[*].hostPath.',
  remediation: 'Replace the hostPath volume with a PersistentVolumeClaim, emptyDir, configMap or secret volume.',
  check(pod) {
    const out: Violation[] = [];
    asArray(pod.template.spec.volumes).forEach((v, i) => {
      const volume = asObj(v);
      if (volume.hostPath !== undefined)
        out.push({
          path: [...pod.template.path, 'volumes', i, 'hostPath'],
          message:
            `volume "${String(volume.name)}" mounts the node's filesystem ` +
            `(hostPath ${JSON.stringify(asObj(volume.hostPath).path ?? '')}` +
            `; expected no hostPath volumes)`,
        });
    });
    return out;
  },
});
