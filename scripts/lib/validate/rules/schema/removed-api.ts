import type { Rule } from '../../types.js';
import { schemaVerdict } from './shared.js';

export const removedApiRule: Rule = {
  id: 'DEP-001',
  name: 'removed-api',
  group: 'schema',
  severity: 'error',
  scope: 'resource',
  description:
    'No kind whose apiVersion the target Kubernetes version no longer ' +
    'serves (PodSecurityPolicy, autoscaling/v2beta2, policy/v1beta1, ...), ' +
    "and no custom resource version the pinned operator's CRD does not " +
    'serve (e.g. Strimzi v1beta2 from 1.0.0): the message names the ' +
    'version to use.',
  remediation: 'Change apiVersion to the version the message names and adapt the fields that changed between versions.',
  check(ctx) {
    return ctx.unit.resources.flatMap((r) => {
      const v = schemaVerdict(ctx, r);
      if (v.status === 'checked')
        return v.issues.filter((i) => i.kind === 'not-served').map((i) => ctx.report(r, i.path, i.message));
      if (v.status !== 'removed') return [];
      return [
        ctx.report(
          r,
          ['apiVersion'],
          `${v.removed.apiVersion} ${v.removed.kind} was removed in Kubernetes ` +
            `${v.removed.removedIn} (target ${ctx.kubeVersion}): use ` +
            `${v.removed.replacement}`,
        ),
      ];
    });
  },
};
