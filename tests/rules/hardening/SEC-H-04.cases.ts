import { deployment as webDeployment } from '../manifests.js';
import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['SEC-H-04-image-policy'].map(fixture);

const DIGEST = `sha256:${'a'.repeat(64)}`;

const deployment = (...images: string[]): string =>
  webDeployment(
    `      containers:\n${images.map((image, i) => `        - {name: c${i}, image: "${image}"}\n`).join('')}`,
  );

const cnpg = (image: string): string =>
  `apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: db\n` +
  `spec:\n  instances: 1\n  imageName: ${image}\n`;

const inProd = (yaml: string) => [{ name: 'zarish-his-prod', environment: 'prod', files: { 'prod.yaml': yaml } }];

const valid: RuleCase[] = [
  {
    name: 'pinned-in-prod',
    units: inProd(
      `${deployment('registry.zs-his.com/web:v1.4.2-rc.1', `registry.zs-his.com/web:stable@${DIGEST}`)}---\n` +
        cnpg('ghcr.io/cloudnative-pg/postgresql:16.4.0'),
    ),
  },
  // moving but explicit tags are fine outside the immutable environments
  {
    name: 'moving-tag-in-staging',
    units: [{ name: 's', environment: 'staging', files: { 's.yaml': deployment('registry.zs-his.com/web:main') } }],
  },
];

const invalid: RuleCase[] = [
  {
    name: 'not-pinned-in-prod',
    units: inProd(
      `${deployment('registry.zs-his.com/web:stable', 'registry.zs-his.com:5000/web')}---\n` +
        cnpg('ghcr.io/cloudnative-pg/postgresql:16'),
    ),
    expect: [
      {
        line: 11,
        path: 'spec.template.spec.containers[0].image',
        message:
          'in prod images must use a semver tag (e.g. 1.4.2, v1.4.2-rc.1) or an @sha256 digest, ' +
          'and "stable" is neither',
      },
      {
        line: 12,
        path: 'spec.template.spec.containers[1].image',
        message: 'has no tag, so it pulls the moving "latest"',
      },
      { line: 12, path: 'spec.template.spec.containers[1].image', message: 'registry.zs-his.com:5000/web' },
      {
        line: 20,
        path: 'spec.imageName',
        resource: 'Cluster/db',
        message: 'Cluster spec.imageName "ghcr.io/cloudnative-pg/postgresql:16" is not pinned',
      },
    ],
  },
];

export default {
  rule: 'SEC-H-04',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
