import type { Unit } from './types.js';

/**
 * Several units checked as one (an environment or a cluster namespace deployed by several
 * Applications): the first unit's facts, every unit's resources and load findings, named `name`.
 * One unit is returned as it is.
 */
export function combineUnits(units: readonly Unit[], name: string): Unit | undefined {
  const [first] = units;
  if (units.length <= 1 || !first) return first;
  return {
    ...first,
    name,
    resources: units.flatMap((u) => u.resources),
    loadFindings: units.flatMap((u) => u.loadFindings),
  };
}
