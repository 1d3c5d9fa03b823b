import { asArray, asObj } from '../../k8s.js';
import { pssRule, type Violation } from './pss.js';

export const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** SEC-R-01: only the core volume types (others through PersistentVolumes). */
export const volumeTypes = pssRule({
  id: 'SEC-R-01',
  name: 'volume-types',
  level: 'restricted',
  description:
    'Pod Security restricted: every volume is configMap, csi, downwardAPI, ' +
    'emptyDir, ephemeral, image, persistentVolumeClaim, projected or ' +
    'secret (other storage goes through a PersistentVolumeClaim).',
  remediation: 'Replace the volume with one of the allowed types; mount other storage through a PersistentVolumeClaim.',
  check(pod) {
    const out: Violation[] = [];
    asArray(pod.template.spec.volumes).forEach((v, i) => {
      const volume = asObj(v);
      for (const key of Object.keys(volume)) {
        if (key === 'name' || RESTRICTED_VOLUME_TYPES.has(key)) continue;
        out.push({
          path: [...pod.template.path, 'volumes', i, key],
          message:
            `volume "${String(volume.name)}" is of type ${key} (restricted allows ` +
            `${[...RESTRICTED_VOLUME_TYPES].join(', ')}; mount other storage ` +
            `through a PersistentVolumeClaim)`,
        });
      }
    });
    return out;
  },
});
