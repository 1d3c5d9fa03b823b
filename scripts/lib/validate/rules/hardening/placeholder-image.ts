import type { Finding } from '../../../findings.js';
import { parseImageRef, PLACEHOLDER_TAG } from '../../../images/refs.js';
import type { Rule } from '../../types.js';
import { podsOf } from '../security/pods.js';

/** REL-05: every environment sets the tag of each image its base leaves as a placeholder. */
export const placeholderImage: Rule = {
  id: 'REL-05',
  name: 'placeholder-image',
  group: 'hardening',
  severity: 'error',
  scope: 'resource',
  description:
    `No deploy target runs an image with the placeholder tag "` +
    `${PLACEHOLDER_TAG}" that base/ manifests carry: every environment ` +
    `sets the tag in the images: list of its overlay (npm run bump). ` +
    `Manifests validated by path are exempt.`,
  remediation:
    "Set the image tag in the images: list of the environment's overlay (npm run bump) so no target keeps " +
    'the set-by-overlay placeholder.',
  check(ctx) {
    const env = ctx.unit.environment;
    // Only what an environment deploys: base/ on its own legitimately carries the placeholder.
    if (env === undefined) return [];
    const out: Finding[] = [];
    for (const pod of podsOf(ctx.unit)) {
      for (const c of pod.containers) {
        if (typeof c.container.image !== 'string') continue;
        const ref = parseImageRef(c.container.image.trim());
        if (ref.version?.kind !== 'tag' || ref.version.value !== PLACEHOLDER_TAG) continue;
        const service = pod.resource.ref.name;
        out.push(
          ctx.report(
            pod.resource,
            [...c.path, 'image'],
            `container "${c.name}" image "${c.container.image}" still has the ` +
              `placeholder tag in ${env}, which no registry serves (expected an ` +
              `images: entry for ${ref.name} in overlays/${env}/kustomization.yaml: ` +
              `npm run bump -- ${service} <tag> --env ${env})`,
          ),
        );
      }
    }
    return out;
  },
};
