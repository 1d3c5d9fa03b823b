import type { RuleCase, RuleTable } from '../tester.js';

const deployment = (image: string, replicas = 3): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: billing}}
  template:
    metadata: {labels: {app: billing}}
    spec:
      containers:
        - name: billing
          image: ${image}
`;

const pair = (name: string, prod: string, dr: string, drEnvironment = 'dr'): RuleCase => ({
  name,
  units: [
    { name: 'zarish-his-prod', environment: 'prod', namespace: 'zarish-his-prod', files: { 'prod.yaml': prod } },
    { name: 'zarish-his-dr', environment: drEnvironment, namespace: 'zarish-his-dr', files: { 'dr.yaml': dr } },
  ],
});

const V1 = 'registry.example.org/billing:1.4.2';

export default {
  rule: 'DR-001',
  valid: [
    pair('same-render', deployment(V1), deployment(V1)),
    // no dr unit: nothing to compare
    pair('staging-not-dr', deployment(V1), deployment('registry.example.org/billing:1.5.0'), 'staging'),
  ],
  invalid: [
    {
      ...pair('other-image', deployment(V1), deployment('registry.example.org/billing:1.5.0')),
      expect: [
        {
          file: 'dr.yaml',
          line: 13,
          path: 'spec.template.spec.containers[0].image',
          resource: 'Deployment/billing',
          message: '1.5.0',
        },
      ],
    },
    {
      // the allow list names the resources whose replicas may differ; this one is not among them
      ...pair('fewer-replicas', deployment(V1), deployment(V1, 1)),
      expect: [{ file: 'dr.yaml', line: 6, path: 'spec.replicas', message: 'spec.replicas is 1 in dr but 3 in prod' }],
    },
  ],
} satisfies RuleTable;
