import { groupOf } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { schemaVerdict } from './shared.js';

/** Kubernetes' own groups: the core group, single words (apps, batch, policy, ...) and *.k8s.io. */
const BUILTIN_GROUP = /^$|^[a-z]+$|\.k8s\.io$/;

export const schemaKnown: Rule = {
  id: 'SCH-006',
  name: 'schema-known',
  group: 'schema',
  severity: 'error',
  scope: 'resource',
  description:
    'Every kind has a schema at the target version: an unknown kind or apiVersion is an error, never a silent skip.',
  remediation:
    'Correct the apiVersion or kind (a typo, a wrong group), or pin the operator whose CRD defines it in ' +
    "the cluster's operators list; a project-specific kind needs a schema under schemas/.",
  check(ctx) {
    return ctx.unit.resources.flatMap((r) => {
      if (schemaVerdict(ctx, r).status !== 'unknown') return [];
      const { apiVersion, kind } = r.ref;
      const group = groupOf(apiVersion);
      const message = BUILTIN_GROUP.test(group)
        ? `${apiVersion} ${kind} is not a kind Kubernetes ${ctx.kubeVersion}` +
          ` serves (check the apiVersion and the spelling of the kind)`
        : `no schema for ${kind} in ${apiVersion}: custom resource group "` +
          `${group}" is unknown (expected a CRD of an operator ` +
          `${ctx.unit.cluster ? `cluster ${ctx.unit.cluster}` : 'the clusters'}` +
          ` pin${ctx.unit.cluster ? 's' : ''}, imported under schemas/crds/, or ` +
          `a schema via --schema-location; is the group or kind spelled right?)`;
      return [ctx.report(r, ['kind'], message)];
    });
  },
};
