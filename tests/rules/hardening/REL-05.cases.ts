import type { RuleTable } from '../tester.js';

const deployment = (image: string, init = 'registry.example.org/migrate:1.0.0'): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing
spec:
  selector: {matchLabels: {app: billing}}
  template:
    metadata: {labels: {app: billing}}
    spec:
      initContainers:
        - name: migrate
          image: ${init}
      containers:
        - name: billing
          image: ${image}
`;

const inProd = (yaml: string) => [{ name: 'zarish-his-prod', environment: 'prod', files: { 'prod.yaml': yaml } }];

export default {
  rule: 'REL-05',
  valid: [
    { name: 'tag-set', units: inProd(deployment('registry.example.org/billing:1.4.2')) },
    { name: 'digest', units: inProd(deployment('registry.example.org/billing@sha256:' + 'a'.repeat(64))) },
    // base/ validated by path carries the placeholder legitimately
    { name: 'path-argument', yaml: deployment('registry.example.org/billing:set-by-overlay') },
  ],
  invalid: [
    {
      name: 'placeholder-in-prod',
      units: inProd(
        deployment(' registry.example.org/billing:set-by-overlay', 'registry.example.org/migrate:set-by-overlay'),
      ),
      expect: [
        {
          file: 'prod.yaml',
          line: 12,
          path: 'spec.template.spec.initContainers[0].image',
          resource: 'Deployment/billing',
          message: 'container "migrate" image "registry.example.org/migrate:set-by-overlay" still has the placeholder',
        },
        {
          file: 'prod.yaml',
          line: 15,
          path: 'spec.template.spec.containers[0].image',
          message: 'npm run bump -- billing <tag> --env prod',
        },
      ],
    },
  ],
} satisfies RuleTable;
