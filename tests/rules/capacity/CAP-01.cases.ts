import { deployment as webDeployment } from '../manifests.js';
import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['CAP-01-quota-fits'].map(fixture);

const quota = (name: string, hard: string, apiVersion = 'v1'): string =>
  `apiVersion: ${apiVersion}\nkind: ResourceQuota\nmetadata:\n  name: ${name}\n  namespace: lab\n` +
  `spec:\n  hard: {${hard}}\n`;

const deployment = (replicas: number, resources: string): string =>
  webDeployment(
    '      containers:\n        - name: app\n          image: registry.example.org/web:1.0.0\n' +
      `          resources: {${resources}}\n`,
    { metadata: ['namespace: lab'], spec: [`replicas: ${replicas}`] },
  );

const FULL = 'requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 200m, memory: 256Mi}';

const valid: RuleCase[] = [
  // not the core ResourceQuota, and keys or values the check does not read
  {
    name: 'other-group-and-unknown-keys',
    yaml: [
      quota('other', 'pods: "1"', 'example.org/v1'),
      quota('q', 'services: "1", requests.cpu: lots'),
      deployment(3, ''),
    ].join('---\n'),
  },
  // Applications on different clusters (or path arguments) do not share a quota
  {
    name: 'other-cluster-or-path',
    units: [
      { name: 'platform', cluster: 'dhaka', files: { 'quota.yaml': quota('q', 'count/pods: "2"') } },
      { name: 'services', cluster: 'chittagong', files: { 'web.yaml': deployment(3, FULL) } },
      { name: 'path', files: { 'web.yaml': deployment(3, FULL) } },
    ],
  },
];

const invalid: RuleCase[] = [
  {
    // the quota counts every pod of its namespace, also those another Application on the cluster deploys
    name: 'pods-of-another-application',
    units: [
      { name: 'platform', cluster: 'dhaka', files: { 'quota.yaml': quota('q', 'count/pods: "4"') } },
      {
        name: 'services',
        cluster: 'dhaka',
        files: { 'web.yaml': deployment(3, FULL), 'api.yaml': deployment(2, FULL) },
      },
    ],
    expect: [
      {
        file: 'quota.yaml',
        line: 7,
        path: 'spec.hard["count/pods"]',
        resource: 'ResourceQuota/q',
        message: 'namespace lab needs count/pods 5 at peak but ResourceQuota q allows 4 (over by 1)',
      },
    ],
  },
  {
    name: 'pods-over-quota',
    yaml: [quota('q', 'count/pods: "2"'), deployment(3, FULL)].join('---\n'),
    expect: [
      {
        line: 7,
        path: 'spec.hard["count/pods"]',
        resource: 'ResourceQuota/q',
        message: 'namespace lab needs count/pods 3 at peak but ResourceQuota q allows 2 (over by 1)',
      },
    ],
  },
  {
    name: 'limit-missing',
    yaml: [quota('q', 'limits.cpu: "8"'), deployment(1, 'requests: {cpu: 100m, memory: 128Mi}')].join('---\n'),
    expect: [
      {
        line: 23,
        path: 'spec.template.spec.containers[0].resources',
        message:
          'sets no limits.cpu and namespace lab has no LimitRange default for it; ResourceQuota q tracks it, so the ' +
          'API server rejects the pods. Expected resources.limits for cpu and memory',
      },
    ],
  },
  {
    name: 'requests-missing-two-quotas',
    yaml: [quota('a', 'requests.cpu: "8"'), quota('b', 'memory: 8Gi, requests.cpu: "8"'), deployment(1, '')].join(
      '---\n',
    ),
    expect: [
      {
        line: 31,
        path: 'spec.template.spec.containers[0].resources',
        message:
          'sets no requests.cpu, requests.memory and namespace lab has no LimitRange default for them; ' +
          'ResourceQuota a, b tracks them, so the API server rejects the pods. Expected resources.requests and limits',
      },
    ],
  },
];

export default {
  rule: 'CAP-01',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
