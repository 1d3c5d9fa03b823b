import type { RuleCase, RuleTable } from '../tester.js';

const rule = (expr: string, labels = 'severity: critical'): string => `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: dr-alerts
spec:
  groups:
    - name: dr
      rules:
        - alert: PrimaryUnavailable
          expr: ${expr}
          labels: {${labels}}
`;

const TRIGGER = rule('probe_success{job="dhaka-api"} == 0', 'dr_trigger: "true"');
const LAG_ONLY = `${TRIGGER}        - alert: ReplicationLag\n          expr: cnpg_pg_replication_lag > 300\n`;

const probe = (target = 'dhaka.example.org:6443', path = '/probe'): string => `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: dr-probes
spec:
  selector: {matchLabels: {app: blackbox}}
  endpoints:
    - port: http
      path: ${path}
      params:
        target: [https://${target}/readyz]
`;

const drSite = (name: string, dr: string, prod = ''): RuleCase => ({
  name,
  units: [
    { name: 'zarish-his-prod', environment: 'prod', files: { 'prod.yaml': prod } },
    { name: 'zarish-his-dr', environment: 'dr', files: { 'dr.yaml': dr } },
  ],
  argo: {
    clusters: [
      { name: 'dhaka', role: 'primary', server: 'https://dhaka.example.org:6443' },
      { name: 'chittagong', role: 'dr', server: 'https://chittagong.example.org:6443' },
    ],
    targets: [
      { name: 'zarish-his-prod', cluster: 'dhaka', environment: 'prod' },
      { name: 'zarish-his-dr', cluster: 'chittagong', environment: 'dr' },
    ],
  },
});

export default {
  rule: 'DR-005',
  valid: [
    drSite('probes-and-trigger-on-dr', `${TRIGGER}---\n${probe()}`),
    drSite(
      'lag-and-receiver',
      `${TRIGGER}---\n${probe()}`,
      rule('cnpg_pg_replication_lag > 300 or cnpg_pg_replication_is_wal_receiver_up == 0'),
    ),
    // without Argo CD's model there are no sites to check
    { ...drSite('no-argo', '', rule('cnpg_pg_replication_lag > 300')), argo: undefined },
  ],
  invalid: [
    {
      ...drSite('lag-only', `${LAG_ONLY}---\n${probe()}`),
      expect: [
        {
          file: 'dr.yaml',
          line: 13,
          path: 'spec.groups[0].rules[1].expr',
          resource: 'PrometheusRule/dr-alerts',
          message: 'alert ReplicationLag reads cnpg_pg_replication_lag only',
        },
      ],
    },
    {
      ...drSite('primary-not-probed', `${TRIGGER}---\n${probe('chittagong.example.org:6443')}`),
      expect: [{ file: 'dr.yaml', line: 5, path: 'spec', message: "nothing on chittagong probes dhaka's API server" }],
    },
    {
      ...drSite('probe-path-not-probe', `${TRIGGER}---\n${probe(undefined, '/metrics')}`),
      expect: [{ file: 'dr.yaml', line: 5, path: 'spec', message: 'params.target dhaka.example.org:6443' }],
    },
    {
      ...drSite('no-trigger', `${rule('probe_success == 0')}---\n${probe()}`),
      expect: [{ file: 'dr.yaml', line: 5, path: 'spec', message: 'no dr_trigger alert evaluated on chittagong' }],
    },
    {
      ...drSite('no-rules-on-dr', probe()),
      expect: [
        {
          file: 'dr.yaml',
          line: 5,
          path: 'spec',
          resource: 'ServiceMonitor/dr-probes',
          message: 'reads probe_success',
        },
      ],
    },
  ],
} satisfies RuleTable;
