import type { Rule } from '../../types.js';

/** WVR-001 is raised by the engine itself (scripts/lib/validate/engine.ts) whatever groups run. */
export const waiverRule: Rule = {
  id: 'WVR-001',
  name: 'waiver',
  group: 'schema',
  severity: 'error',
  scope: 'resource',
  description:
    'A waiver annotation (waive.his.zarishsphere.com/<RULE-ID>) names a ' +
    'known rule, gives a reason, and its [expires=YYYY-MM-DD] is a real ' +
    'date not in the past.',
  remediation:
    'Name an existing rule id in the waiver annotation key, write why the finding is acceptable, and ' +
    'end the value with [expires=YYYY-MM-DD] of a future date (or remove the waiver).',
  waivable: false,
  raisedBy: 'engine',
};
