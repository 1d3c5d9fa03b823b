import type { Finding } from '../../../findings.js';
import { checkToken } from '../../../dr/transition.js';
import { asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';

/**
 * DR-009: a promotion token is the old primary's status.demotionToken: standard base64 of a JSON
 * object with every pg_controldata field CloudNativePG's webhook requires (IsValid).
 */
export const drPromotionToken: Rule = {
  id: 'DR-009',
  name: 'dr-promotion-token',
  group: 'dr',
  severity: 'error',
  scope: 'resource',
  description:
    "A CloudNativePG Cluster's spec.replica.promotionToken is base64 of a " +
    'JSON object with non-empty latestCheckpointTimelineID, redoWalFile, ' +
    'databaseSystemIdentifier, latestCheckpointREDOLocation, ' +
    'timeOfLatestCheckpoint and operatorVersion (what the webhook ' +
    'requires).',
  remediation:
    'Paste the promotion token exactly as the demoted primary reported it (base64 JSON with all six ' +
    'fields), or remove it until the switchover.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      if (r.ref.kind !== 'Cluster' || !r.ref.apiVersion.startsWith('postgresql.cnpg.io/')) continue;
      const token = asObj(asObj(r.object.spec).replica).promotionToken;
      if (token === undefined || token === null || token === '') continue;
      const problem = typeof token === 'string' ? checkToken(token) : 'it is not a string';
      if (problem)
        out.push(
          ctx.report(
            r,
            ['spec', 'replica', 'promotionToken'],
            `promotionToken is not a CloudNativePG demotion token: ${problem}`,
          ),
        );
    }
    return out;
  },
};
