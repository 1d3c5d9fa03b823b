import type { RuleCase, RuleTable } from '../tester.js';

const ingress = (host: string, issuer: string | null = 'letsencrypt'): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    ${issuer ? `cert-manager.io/cluster-issuer: ${issuer}` : 'example.org/none: "true"'}
spec:
  tls:
    - hosts: [${host}]
      secretName: web-tls
  rules:
    - host: ${host}
`;

const DNS01 = '    - dns01: {cloudflare: {apiTokenSecretRef: {name: cf, key: token}}}\n';
const HTTP01 = '    - http01: {ingress: {ingressClassName: nginx}}\n';

const issuer = (solvers: string): string => `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: letsencrypt
spec:
  acme:
    server: https://acme-v02.api.letsencrypt.org/directory
    privateKeySecretRef: {name: letsencrypt}
    solvers:
${solvers}`;

const sites = (name: string, prod: string, dr: string): RuleCase => ({
  name,
  units: [
    { name: 'zarish-his-prod', environment: 'prod', files: { 'prod.yaml': prod } },
    { name: 'zarish-his-dr', environment: 'dr', files: { 'dr.yaml': dr } },
  ],
  argo: {
    targets: [
      { name: 'zarish-his-prod', cluster: 'dhaka', environment: 'prod' },
      { name: 'zarish-his-dr', cluster: 'chittagong', environment: 'dr' },
    ],
  },
});

const both = (ing: string, solvers: string): [string, string] => [
  `${ing}---\n${issuer(solvers)}`,
  `${ing}---\n${issuer(solvers)}`,
];

export default {
  rule: 'DR-004',
  valid: [
    sites('dns01-on-both', ...both(ingress('his.example.org'), DNS01)),
    sites('host-not-shared', `${ingress('his.example.org')}---\n${issuer(HTTP01)}`, ingress('dr.example.org')),
    sites('no-cert-manager', ingress('his.example.org', null), ingress('his.example.org', null)),
    sites(
      'dns-zone-picks-dns01',
      ...both(
        ingress('his.example.org'),
        `    - http01: {ingress: {}}\n      selector: {dnsZones: [other.org]}\n` +
          `    - dns01: {webhook: {}}\n      selector: {dnsZones: [example.org]}\n`,
      ),
    ),
    sites(
      'exact-name-picks-dns01',
      ...both(
        ingress('his.example.org'),
        `${HTTP01}    - dns01: {webhook: {}}\n      selector: {dnsNames: [his.example.org]}\n`,
      ),
    ),
  ],
  invalid: [
    {
      ...sites(
        'issuer-missing-on-dr',
        `${ingress('his.example.org')}---\n${issuer(DNS01)}`,
        ingress('his.example.org'),
      ),
      expect: [
        {
          file: 'dr.yaml',
          line: 6,
          path: 'metadata.annotations["cert-manager.io/cluster-issuer"]',
          resource: 'Ingress/web',
          message:
            'Ingress web on chittagong serves his.example.org (also served from dhaka) with ClusterIssuer letsencrypt',
        },
      ],
    },
    {
      ...sites('http01', ...both(ingress('his.example.org'), HTTP01)),
      expect: [
        {
          file: 'dr.yaml',
          line: 23,
          path: 'spec.acme.solvers[0]',
          resource: 'ClusterIssuer/letsencrypt',
          message: 'by HTTP-01',
        },
        {
          file: 'prod.yaml',
          line: 23,
          path: 'spec.acme.solvers[0]',
          message: 'on dhaka solves his.example.org by HTTP-01',
        },
      ],
    },
    {
      ...sites(
        'longest-zone-is-http01',
        ...both(
          ingress('his.example.org'),
          `    - dns01: {webhook: {}}\n      selector: {dnsZones: [org]}\n` +
            `    - selector: {dnsZones: [example.org]}\n`,
        ),
      ),
      expect: [
        { file: 'dr.yaml', line: 25, path: 'spec.acme.solvers[1]', message: 'by no DNS-01 solver' },
        { file: 'prod.yaml', line: 25, path: 'spec.acme.solvers[1]', message: 'by no DNS-01 solver' },
      ],
    },
  ],
} satisfies RuleTable;
