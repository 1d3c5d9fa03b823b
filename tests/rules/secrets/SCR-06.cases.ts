import { deployment as webDeployment } from '../manifests.js';
import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['SCR-06-connection-string'].map(fixture);

const URL = 'postgres://app:s3cret@db:5432/his';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

const deployment = (annotation: string, env: string): string =>
  webDeployment(
    `      containers:
        - name: app
          image: registry.example.org/web:1.0.0
          env: [{name: DB, value: "${env}"}]
`,
    { metadata: [`annotations: {example.org/db: "${annotation}"}`] },
  );

const valid: RuleCase[] = [
  // a Secret is SCR-01's, a container env literal SCR-05's
  {
    name: 'secret-and-env',
    yaml: [
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData: {url: "${URL}"}\n`,
      deployment('postgres://app@db:5432/his', URL),
      // binaryData of another kind is not decoded
      `apiVersion: example.org/v1\nkind: Blob\nmetadata:\n  name: b\nbinaryData: {url: ${b64(URL)}}\n`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nbinaryData:\n  nested: ${b64('plain text')}\n`,
    ].join('---\n'),
  },
];

const invalid: RuleCase[] = [
  {
    name: 'annotation-and-binary',
    yaml: [
      deployment(URL, 'x'),
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nbinaryData:\n` +
        `  url: ${b64('Server=db;User Id=sa;Password=hunter22')}\n`,
    ].join('---\n'),
    expect: [
      {
        line: 5,
        path: 'metadata.annotations["example.org/db"]',
        message:
          'Deployment web holds a connection string with an embedded password (postgres://app:***@db:5432); ' +
          'expected the whole connection string',
      },
      {
        line: 21,
        path: 'binaryData.url',
        message: 'ConfigMap c holds a connection string with password=*** (base64-encoded); expected',
      },
    ],
  },
];

export default {
  rule: 'SCR-06',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
