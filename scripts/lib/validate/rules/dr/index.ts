import type { Finding } from '../../../findings.js';
import type { Policy } from '../../../policy.js';
import { EMPTY_ALLOWLIST, type ParityAllowList } from '../../../dr/allowlist.js';
import { parityOverUnits, PARITY_RULE_ID } from '../../../dr/parity.js';
import type { Rule, Unit } from '../../types.js';
import { drAlerting } from './alerting.js';
import { drArchive } from './archive.js';
import { drCertificates } from './certificates.js';
import { drControlPlane } from './control-plane.js';
import { drMemberBootstrap } from './member-bootstrap.js';
import { drPromotionToken } from './promotion-token.js';
import { drReplicationTls } from './replication-tls.js';
import { drSecretsPath } from './secrets-path.js';

/** DR-001 compares two units (prod and dr): it runs once across units, when both are rendered. */
export const drParity: Rule = {
  id: PARITY_RULE_ID,
  name: 'dr-parity',
  group: 'dr',
  severity: 'error',
  description:
    'The dr render equals the prod render, resources matched by group, ' +
    'kind and name (namespace ignored), except for the commented allow ' +
    'list overlays/dr/parity-allowlist.yaml (replica counts, hostnames, ' +
    'CloudNativePG member settings, serverName, namespace names, Vault ' +
    'role, smaller resources). Any other difference (an image tag, a ' +
    'config value, a missing resource) is a finding at the dr source.',
  check() {
    return [];
  },
  checkAll(ctx) {
    return parityOverUnits(ctx.units, ctx.parityAllowList ?? EMPTY_ALLOWLIST, ctx.policy);
  },
};

/** The dr rules, in report order: prod/DR parity, then the design checks (nothing a failover needs lives only on the
 * primary).
 */
export const DR_RULES: readonly Rule[] = [
  drParity,
  drControlPlane,
  drSecretsPath,
  drCertificates,
  drAlerting,
  drReplicationTls,
  drMemberBootstrap,
  drArchive,
  drPromotionToken,
];

/**
 * The dr checks that need several units at once: DR-001 over the prod and dr units, when both are
 * present (else nothing). Pure: the caller loads the allow list (scripts/lib/dr/allowlist.ts
 * loadParityAllowList, or drCrossUnitFindings in scripts/lib/dr/parity.ts, which does both).
 */
export function crossUnitChecks(
  units: readonly Unit[],
  options: { allowList?: ParityAllowList | undefined; policy?: Policy | undefined } = {},
): Finding[] {
  return parityOverUnits(units, options.allowList ?? EMPTY_ALLOWLIST, options.policy);
}
