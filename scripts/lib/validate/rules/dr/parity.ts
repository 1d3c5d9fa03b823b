import { EMPTY_ALLOWLIST } from '../../../dr/allowlist.js';
import { parityOverUnits, PARITY_RULE_ID } from '../../../dr/parity.js';
import type { Rule } from '../../types.js';

/** DR-001 compares two units (prod and dr): it runs once across units, when both are rendered. */
export const drParity: Rule = {
  id: PARITY_RULE_ID,
  name: 'dr-parity',
  group: 'dr',
  severity: 'error',
  scope: 'run',
  description:
    'The dr render equals the prod render (all the Applications of each environment together), ' +
    'resources matched by group, ' +
    'kind and name (namespace ignored), except for the commented allow ' +
    'list overlays/dr/parity-allowlist.yaml (replica counts, hostnames, ' +
    'CloudNativePG member settings, serverName, namespace names, Vault ' +
    'role, smaller resources). Any other difference (an image tag, a ' +
    'config value, a missing resource) is a finding at the dr source.',
  remediation:
    'Make the dr overlay match prod (the same image tags, config and resources); add a genuine, ' +
    'commented exception to overlays/dr/parity-allowlist.yaml only if dr must differ.',
  check(ctx) {
    return parityOverUnits(ctx.units, ctx.parityAllowList ?? EMPTY_ALLOWLIST, ctx.policy);
  },
};
