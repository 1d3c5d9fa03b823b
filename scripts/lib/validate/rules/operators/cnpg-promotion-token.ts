import type { Finding } from '../../../findings.js';
import type { Rule } from '../../types.js';
import { nameOf, resourcesOf } from '../references/workloads.js';
import { CNPG, isReplica, replicaOf } from './shared.js';

/**
 * OPR-PG-03: CloudNativePG's webhook (validatePromotionToken) accepts replica.promotionToken only on a Cluster
 * that the same spec makes primary (replica.primary equals replica.self, or the Cluster's name), and never
 * together with replica.minApplyDelay.
 */
export const cnpgPromotionToken: Rule = {
  id: 'OPR-PG-03',
  name: 'cnpg-promotion-token',
  group: 'operators',
  severity: 'error',
  scope: 'resource',
  description:
    'A CloudNativePG replica.promotionToken is set only on a Cluster being ' +
    'promoted (replica.primary is itself, replica.enabled not true), and ' +
    'not together with replica.minApplyDelay.',
  remediation:
    'Set promotionToken only on the Cluster being promoted (replica.primary is itself, enabled not true) ' +
    'and drop minApplyDelay there, or remove the token.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of resourcesOf(ctx.unit, CNPG, 'Cluster')) {
      const replica = replicaOf(r);
      const token = replica?.promotionToken;
      if (!replica || typeof token !== 'string' || token === '') continue;
      if (replica.minApplyDelay !== undefined && replica.minApplyDelay !== null) {
        out.push(
          ctx.report(
            r,
            ['spec', 'replica', 'minApplyDelay'],
            `Cluster ${nameOf(r)} sets replica.minApplyDelay together with ` +
              `replica.promotionToken; CloudNativePG rejects it ("minApplyDelay ` +
              `cannot be applied with a promotion token"): expected no minApplyDelay ` +
              `while promoting`,
          ),
        );
        continue;
      }
      if (!isReplica(r)) continue;
      const self = typeof replica.self === 'string' && replica.self ? replica.self : nameOf(r);
      const why =
        typeof replica.enabled === 'boolean'
          ? 'replica.enabled is true'
          : `replica.primary is ${String(replica.primary ?? '(unset)')}, not this member (${self})`;
      out.push(
        ctx.report(
          r,
          ['spec', 'replica', 'promotionToken'],
          `Cluster ${nameOf(r)} carries a replica.promotionToken but stays a ` +
            `replica (${why}); CloudNativePG rejects it ("promotionToken is only ` +
            `allowed for primary clusters"): expected the token only in the change ` +
            `that sets replica.primary to ${self}`,
        ),
      );
    }
    return out;
  },
};
