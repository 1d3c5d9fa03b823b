import { deployment as webDeployment } from '../manifests.js';
import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['REF-01-service-selects-pods'].map(fixture);

const deployment = (name: string, ports: string, namespace = 'lab'): string =>
  webDeployment(
    '      containers:\n        - name: app\n          image: registry.example.org/web:1.0.0\n' +
      `          ports: [${ports}]\n`,
    { name, metadata: [`namespace: ${namespace}`], labels: `{app: web, tier: ${name}}` },
  );

const service = (spec: string, apiVersion = 'v1'): string =>
  `apiVersion: ${apiVersion}\nkind: Service\nmetadata:\n  name: svc\n  namespace: lab\nspec:\n${spec}`;

const docs = (...parts: string[]): string => parts.join('---\n');

const valid: RuleCase[] = [
  {
    name: 'not-checked',
    yaml: docs(
      service('  type: ExternalName\n  externalName: db.example.org\n  selector: {app: nothing}\n'),
      service('  ports: [{port: 80}]\n'),
      service('  selector: {}\n'),
      service('  selector: {app: nothing}\n', 'example.org/v1'),
    ),
  },
  {
    name: 'operator-pods',
    yaml: docs(
      'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: db\n  namespace: ' +
        'lab\nspec:\n  instances: 1\n',
      service('  selector: {cnpg.io/cluster: db}\n  ports: [{port: 5432, targetPort: pg}]\n'),
    ),
  },
  {
    name: 'ports-declared',
    yaml: docs(
      deployment('a', '{name: http, containerPort: 8080}'),
      service('  selector: {app: web}\n  ports: [{port: 80, targetPort: "8080"}, {port: 81, targetPort: http}]\n'),
    ),
  },
];

const invalid: RuleCase[] = [
  {
    name: 'selects-nothing-here',
    yaml: docs(deployment('a', '', 'other'), service('  selector: {app: web}\n')),
    expect: [
      {
        line: 22,
        path: 'spec.selector',
        message: 'matches no pod template in namespace lab of this unit (there are none)',
      },
    ],
  },
  {
    name: 'selects-nothing-among-templates',
    yaml: docs(deployment('a', ''), service('  selector: {app: api}\n')),
    expect: [{ line: 22, path: 'spec.selector', message: '(pod templates here: Deployment/a)' }],
  },
  {
    name: 'ports-not-declared',
    yaml: docs(
      deployment('a', '{containerPort: 9090}'),
      deployment('b', '{containerPort: 9090}'),
      service(
        '  selector: {app: web}\n  ports: [{name: web, port: 80, targetPort: "8080"}, {port: 8080}, ' +
          '{port: 81, targetPort: http}]\n',
      ),
    ),
    expect: [
      {
        line: 38,
        path: 'spec.ports[2].targetPort',
        message: 'targetPort "http" is not a container port name of Deployment/a, Deployment/b (no named ports)',
      },
      {
        line: 38,
        path: 'spec.ports[0].targetPort',
        severity: 'warning',
        message: 'Service svc port web targets port 8080, which Deployment/a, Deployment/b do not declare',
      },
      { line: 38, path: 'spec.ports[1].port', severity: 'warning', message: 'port 8080 targets port 8080' },
    ],
  },
  {
    name: 'one-pod-misses-the-port',
    yaml: docs(
      deployment('a', '{name: metrics, containerPort: 9090}'),
      deployment('b', '{name: http, containerPort: 8080}'),
      service('  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}, {port: 81, targetPort: http}]\n'),
    ),
    expect: [
      { line: 38, path: 'spec.ports[1].targetPort', message: '(named ports: metrics)' },
      { line: 38, path: 'spec.ports[0].targetPort', message: 'which Deployment/a does not declare' },
    ],
  },
];

export default {
  rule: 'REF-01',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
