import type { RuleTable } from '../tester.js';

/** A Deployment with one waiver annotation (WVR-001 is raised by the engine, scripts/lib/validate/engine.ts). */
const waived = (key: string, value: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing
  annotations:
    waive.his.zarishsphere.com/${key}: "${value}"
spec:
  selector: {matchLabels: {app: billing}}
  template:
    metadata: {labels: {app: billing}}
    spec:
      containers:
        - {name: billing, image: registry.example.org/billing:1.0.0}
`;

const at = (key: string, message: string) => ({
  line: 6,
  path: `metadata.annotations["waive.his.zarishsphere.com/${key}"]`,
  resource: 'Deployment/billing',
  message,
});

export default {
  rule: 'WVR-001',
  valid: [
    { name: 'reason-and-future-expiry', yaml: waived('SEC-H-01', 'legacy app writes to /tmp [expires=2027-01-31]') },
    { name: 'reason-no-expiry', yaml: waived('SEC-H-01', 'the vendor image needs it') },
  ],
  invalid: [
    { name: 'unknown-rule', yaml: waived('SEC-H-99', 'why'), expect: [at('SEC-H-99', 'waiver names an unknown rule')] },
    { name: 'waives-itself', yaml: waived('WVR-001', 'why'), expect: [at('WVR-001', 'which cannot be waived')] },
    { name: 'no-reason', yaml: waived('SEC-H-01', ''), expect: [at('SEC-H-01', 'has no reason')] },
    {
      name: 'only-an-expiry',
      yaml: waived('SEC-H-01', '[expires=2027-01-31]'),
      expect: [at('SEC-H-01', 'has no reason')],
    },
    {
      name: 'expired',
      yaml: waived('SEC-H-01', 'legacy [expires=2026-11-22]'),
      expect: [at('SEC-H-01', 'expired on 2026-11-22')],
    },
    {
      name: 'not-a-date',
      yaml: waived('SEC-H-01', 'legacy [expires=2026-02-30]'),
      expect: [at('SEC-H-01', 'has an expiry that cannot be read: "2026-02-30"')],
    },
    {
      name: 'misspelt-expiry',
      yaml: waived('SEC-H-01', 'legacy expire: 2027-01-01 for now'),
      expect: [at('SEC-H-01', '"expire: 2027-01-01 for now"')],
    },
  ],
} satisfies RuleTable;
