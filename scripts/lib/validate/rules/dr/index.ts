import type { Finding } from '../../../findings.js';
import type { Policy } from '../../../policy.js';
import { EMPTY_ALLOWLIST, type ParityAllowList } from '../../../dr/allowlist.js';
import { parityOverUnits } from '../../../dr/parity.js';
import type { Unit } from '../../types.js';

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
