import { asObj } from '../../k8s.js';
import { securityContextOf } from './pods.js';
import { pssRule, type Violation } from './pss.js';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const ALLOWED_TYPES = new Set(['RuntimeDefault', 'Localhost']);

/** SEC-B-06: AppArmor not disabled or overridden (annotation and appArmorProfile field). */
export const appArmor = pssRule({
  id: 'SEC-B-06',
  name: 'apparmor',
  level: 'baseline',
  description:
    'Pod Security baseline: container.apparmor.security.beta.kubernetes.io' +
    '/* annotations are runtime/default or localhost/*, and ' +
    'appArmorProfile.type (pod and containers) is RuntimeDefault or ' +
    'Localhost.',
  remediation:
    'Set the AppArmor profile to RuntimeDefault or Localhost (annotation runtime/default or ' +
    'localhost/<profile>), never unconfined.',
  check(pod) {
    const out: Violation[] = [];
    for (const [key, value] of Object.entries(asObj(pod.template.metadata.annotations))) {
      if (!key.startsWith(ANNOTATION_PREFIX)) continue;
      if (value === 'runtime/default' || (typeof value === 'string' && value.startsWith('localhost/'))) continue;
      out.push({
        path: [...pod.template.metadataPath, 'annotations', key],
        message:
          `AppArmor profile ${JSON.stringify(value)} for container "` +
          `${key.slice(ANNOTATION_PREFIX.length)}" disables or overrides the ` +
          `default (expected runtime/default or localhost/<profile>)`,
      });
    }
    const check = (profile: unknown, path: readonly (string | number)[], who: string): void => {
      if (profile === undefined || profile === null) return;
      const type = asObj(profile).type;
      if (typeof type !== 'string' || !ALLOWED_TYPES.has(type))
        out.push({
          path: [...path, 'type'],
          message: `${who} sets appArmorProfile.type ${JSON.stringify(type)} (expected RuntimeDefault or Localhost)`,
        });
    };
    check(
      asObj(pod.template.spec.securityContext).appArmorProfile,
      [...pod.template.path, 'securityContext', 'appArmorProfile'],
      'the pod',
    );
    for (const c of pod.containers)
      check(
        securityContextOf(c).appArmorProfile,
        [...c.path, 'securityContext', 'appArmorProfile'],
        `container "${c.name}"`,
      );
    return out;
  },
});
