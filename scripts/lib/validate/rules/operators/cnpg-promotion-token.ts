import type { Finding } from '../../../findings.js';
import type { Rule } from '../../types.js';
import { nameOf, resourcesOf } from '../references/workloads.js';
import { CNPG, isReplica, replicaOf } from './shared.js';

/** The fields CloudNativePG's token (base64 of pg_controldata as JSON) must carry, non-empty (IsValid). */
const TOKEN_FIELDS = ['latestCheckpointTimelineID', 'redoWalFile', 'databaseSystemIdentifier', 'latestCheckpointREDOLocation', 'timeOfLatestCheckpoint', 'operatorVersion'];

/** Why CloudNativePG would refuse the token's content (utils.ParsePgControldataToken, IsValid), or undefined. */
export function promotionTokenProblem(token: string): string | undefined {
  const compact = token.replace(/[\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return 'it is not standard base64 (Base64 decoding failed)';
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(compact, 'base64').toString('utf8'));
  } catch {
    return 'it does not decode to JSON (JSON decoding failed)';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it does not decode to a JSON object (JSON decoding failed)';
  const content = value as Record<string, unknown>;
  const wrong = TOKEN_FIELDS.find((f) => content[f] !== undefined && content[f] !== null && typeof content[f] !== 'string');
  if (wrong) return `its ${wrong} is not a string (JSON decoding failed)`;
  const missing = TOKEN_FIELDS.filter((f) => typeof content[f] !== 'string' || content[f] === '');
  if (missing.length) return `it has no ${missing.join(', ')} (Invalid promotionToken content)`;
  return undefined;
}

/**
 * OPR-PG-03: CloudNativePG's webhook (validatePromotionToken) accepts replica.promotionToken only on a Cluster
 * that the same spec makes primary (replica.primary equals replica.self, or the Cluster's name), never together
 * with replica.minApplyDelay, and only as the base64 JSON that status.demotionToken holds (its six fields set).
 */
export const cnpgPromotionToken: Rule = {
  id: 'OPR-PG-03',
  name: 'cnpg-promotion-token',
  group: 'operators',
  severity: 'error',
  description: 'A CloudNativePG replica.promotionToken is set only on a Cluster being promoted (replica.primary is itself, replica.enabled not true), not together with replica.minApplyDelay, and is a demotion token (base64 JSON with its six pg_controldata fields).',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of resourcesOf(ctx.unit, CNPG, 'Cluster')) {
      const replica = replicaOf(r);
      const token = replica?.promotionToken;
      if (!replica || typeof token !== 'string' || token === '') continue;
      if (replica.minApplyDelay !== undefined && replica.minApplyDelay !== null) {
        out.push(ctx.report(r, ['spec', 'replica', 'minApplyDelay'], `Cluster ${nameOf(r)} sets replica.minApplyDelay together with replica.promotionToken; CloudNativePG rejects it ("minApplyDelay cannot be applied with a promotion token"): expected no minApplyDelay while promoting`));
        continue;
      }
      if (!isReplica(r)) {
        const problem = promotionTokenProblem(token);
        if (problem) out.push(ctx.report(r, ['spec', 'replica', 'promotionToken'], `Cluster ${nameOf(r)}: replica.promotionToken is not a CloudNativePG demotion token: ${problem}; CloudNativePG rejects it: expected the old primary's status.demotionToken, copied whole`));
        continue;
      }
      const self = typeof replica.self === 'string' && replica.self ? replica.self : nameOf(r);
      const why = typeof replica.enabled === 'boolean' ? 'replica.enabled is true' : `replica.primary is ${String(replica.primary ?? '(unset)')}, not this member (${self})`;
      out.push(ctx.report(r, ['spec', 'replica', 'promotionToken'], `Cluster ${nameOf(r)} carries a replica.promotionToken but stays a replica (${why}); CloudNativePG rejects it ("promotionToken is only allowed for primary clusters"): expected the token only in the change that sets replica.primary to ${self}`));
    }
    return out;
  },
};
