import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['REF-02-ingress-backend'].map(fixture);

const services = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: lab
spec:
  ports:
    - {name: http, port: 80}
    - {port: 8443}
---
apiVersion: v1
kind: Service
metadata:
  name: empty
  namespace: lab
spec: {}
`;

/** An extensions/v1beta1 Ingress (serviceName/servicePort backends) in namespace lab. */
const legacy = (backends: string[]): string => `---
apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: old
  namespace: lab
spec:
  backend: {serviceName: web, servicePort: 80}
  rules:
    - http:
        paths:
${backends.map((b) => `          - backend: {${b}}`).join('\n')}
`;

const valid: RuleCase[] = [
  {
    name: 'legacy-backends',
    yaml:
      services +
      legacy([
        'serviceName: web, servicePort: http',
        'serviceName: web, servicePort: "8443"',
        'serviceName: web',
        'resource: {kind: Bucket, name: b}',
      ]),
  },
];

const invalid: RuleCase[] = [
  {
    name: 'legacy-wrong-ports',
    yaml:
      services +
      legacy([
        'serviceName: web, servicePort: "8080"',
        'serviceName: web, servicePort: https',
        'serviceName: empty, servicePort: 80',
        'serviceName: empty, servicePort: http',
        'serviceName: api, servicePort: 80',
      ]),
    expect: [
      {
        line: 28,
        path: 'spec.rules[0].http.paths[0].backend.servicePort',
        message: 'Ingress old routes to port 8080 of Service web, which exposes http (80), 8443; expected',
      },
      {
        line: 29,
        path: 'spec.rules[0].http.paths[1].backend.servicePort',
        message:
          'routes to port "https" of Service web, which exposes http (80), 8443; expected one of its spec.ports[].name',
      },
      {
        line: 30,
        path: 'spec.rules[0].http.paths[2].backend.servicePort',
        message: 'which exposes no ports; expected one of its spec.ports[].port',
      },
      {
        line: 31,
        path: 'spec.rules[0].http.paths[3].backend.servicePort',
        message: 'which exposes no ports; expected one of its spec.ports[].name',
      },
      {
        line: 32,
        path: 'spec.rules[0].http.paths[4].backend.serviceName',
        message: 'routes to Service "api", which is not in this unit (namespace lab); expected',
      },
    ],
  },
];

export default {
  rule: 'REF-02',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
