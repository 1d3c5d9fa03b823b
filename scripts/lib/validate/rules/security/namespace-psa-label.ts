import type { Finding } from '../../../findings.js';
import { asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { existingPath } from './pods.js';
import { PSA_LABEL_PREFIX, PSS_LEVELS } from './pss.js';

const VERSION = /^(latest|v1\.(0|[1-9]\d*))$/;

/** SEC-N-01: every Namespace says which Pod Security level the API server enforces in it. */
export const namespacePsaLabel: Rule = {
  id: 'SEC-N-01',
  name: 'namespace-psa-label',
  group: 'security',
  severity: 'error',
  scope: 'resource',
  description:
    'Every Namespace carries pod-security.kubernetes.io/enforce ' +
    '(privileged, baseline or restricted); enforce-version, and the ' +
    'audit/warn labels when present, are valid ("latest" or "v1.X").',
  remediation:
    'Label the Namespace pod-security.kubernetes.io/enforce with privileged, baseline or restricted; write ' +
    'enforce-version, audit and warn labels as "latest" or "v1.X".',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      if (r.ref.kind !== 'Namespace' || r.ref.apiVersion !== 'v1') continue;
      const labels = asObj(asObj(r.object.metadata).labels);
      const enforce = labels[`${PSA_LABEL_PREFIX}enforce`];
      if (enforce === undefined) {
        out.push(
          ctx.report(
            r,
            existingPath(r.object, ['metadata', 'labels']),
            `Namespace has no ${PSA_LABEL_PREFIX}enforce label (expected ` +
              `privileged, baseline or restricted; without it Pod Security Admission ` +
              `enforces nothing)`,
          ),
        );
      }
      for (const mode of ['enforce', 'audit', 'warn'] as const) {
        const key = `${PSA_LABEL_PREFIX}${mode}`;
        const level = labels[key];
        if (level !== undefined && !(typeof level === 'string' && PSS_LEVELS.includes(level))) {
          out.push(
            ctx.report(
              r,
              ['metadata', 'labels', key],
              `${key} is ${JSON.stringify(level)} (expected privileged, baseline or restricted)`,
            ),
          );
        }
        const version = labels[`${key}-version`];
        if (version !== undefined && !(typeof version === 'string' && VERSION.test(version))) {
          out.push(
            ctx.report(
              r,
              ['metadata', 'labels', `${key}-version`],
              `${key}-version is ${JSON.stringify(version)} (expected "latest" or "v1.X", e.g. "v1.28")`,
            ),
          );
        }
      }
    }
    return out;
  },
};
