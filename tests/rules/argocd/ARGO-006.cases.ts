import type { RuleCase, RuleTable } from '../tester.js';

const application = (name: string): string => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://github.com/example/gitops.git
    targetRevision: HEAD
    path: overlays/${name.replace('zarish-his-', '')}
  destination:
    server: https://kubernetes.default.svc
    namespace: ${name}
`;

const appset = (syncPolicy: string): Record<string, unknown> => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'ApplicationSet',
  metadata: { name: 'environments' },
  spec: {
    generators: [{ list: { elements: [] } }],
    template: { spec: { project: 'default' } },
    syncPolicy: { preserveResourcesOnDeletion: syncPolicy === 'preserve' },
  },
});

const prodAndDr = (
  name: string,
  prodSet: string | undefined,
  drSet: string | undefined,
  instances: [string, string] | undefined = undefined,
  drCopy = 'preserve',
): RuleCase => ({
  name,
  units: [
    {
      name: 'argocd',
      files: { 'apps.yaml': `${application('zarish-his-prod')}---\n${application('zarish-his-dr')}` },
    },
  ],
  argo: {
    targets: [
      {
        name: 'zarish-his-prod',
        cluster: 'dhaka',
        environment: 'prod',
        application: {
          name: 'zarish-his-prod',
          appset: prodSet,
          project: 'default',
          server: 'https://dhaka',
          instance: instances?.[0],
        },
      },
      {
        name: 'zarish-his-dr',
        cluster: 'chittagong',
        environment: 'dr',
        application: {
          name: 'zarish-his-dr',
          appset: drSet,
          project: 'default',
          server: 'https://chittagong',
          instance: instances?.[1],
        },
      },
    ],
    instances: [
      { cluster: 'dhaka', bootstrapApp: 'argocd', applicationSets: [appset('preserve')] },
      { cluster: 'chittagong', bootstrapApp: 'argocd', applicationSets: [appset(drCopy)] },
    ],
  },
});

/**
 * Several Applications per environment: `apps` maps each Application name (zarish-his-<...>-prod or
 * -dr) to the ApplicationSet that generates it. Written to apps.yaml in that order.
 */
const severalPerEnvironment = (name: string, apps: Record<string, string>): RuleCase => {
  const names = Object.keys(apps);
  const target = (n: string): NonNullable<Exclude<RuleCase['argo'], 'path' | undefined>['targets']>[number] => {
    const prod = n.endsWith('-prod');
    return {
      name: n,
      cluster: prod ? 'dhaka' : 'chittagong',
      environment: prod ? 'prod' : 'dr',
      application: {
        name: n,
        appset: apps[n],
        project: 'default',
        server: prod ? 'https://dhaka' : 'https://chittagong',
      },
    };
  };
  return {
    name,
    units: [{ name: 'argocd', files: { 'apps.yaml': names.map(application).join('---\n') } }],
    argo: { targets: names.map(target) },
  };
};

/** The finding at an Application of apps.yaml (at its spec, on `line`). */
const at = (line: number, app: string, message: string) => ({
  file: 'apps.yaml',
  line,
  path: 'spec',
  resource: `Application/${app}`,
  message,
});

export default {
  rule: 'ARGO-006',
  valid: [
    prodAndDr('same-appset', 'environments', 'environments'),
    // without a dr target there is nothing to compare
    { ...prodAndDr('no-targets', 'environments', 'other'), argo: { targets: [] } },
    (() => {
      const c = prodAndDr('prod-only', 'environments', 'other');
      const argo = c.argo as Exclude<RuleCase['argo'], 'path' | undefined>;
      return { ...c, argo: { ...argo, targets: argo.targets?.filter((t) => t.environment === 'prod') } };
    })(),
    // targets without Applications: nothing to point at
    {
      ...prodAndDr('no-applications', 'environments', 'other'),
      units: [{ name: 'argocd', files: { 'apps.yaml': '' } }],
    },
    { name: 'no-argo', yaml: application('zarish-his-dr') },
    // an Argo CD per site: each runs its own copy of the ApplicationSet, the copies agree
    prodAndDr('per-site-same-copies', 'environments', 'environments', ['dhaka', 'chittagong']),
    // several Applications per environment: each ApplicationSet generates both prod and dr ones
    severalPerEnvironment('two-per-environment', {
      'zarish-his-prod': 'environments',
      'zarish-his-group-001-prod': 'services',
      'zarish-his-dr': 'environments',
      'zarish-his-group-001-dr': 'services',
    }),
  ],
  invalid: [
    {
      ...prodAndDr('different-appsets', 'environments', 'dr-environments'),
      expect: [
        {
          file: 'apps.yaml',
          line: 21,
          path: 'spec',
          resource: 'Application/zarish-his-dr',
          message: 'prod comes from ApplicationSet environments and dr from ApplicationSet dr-environments',
        },
      ],
    },
    {
      ...prodAndDr('per-site-copies-differ', 'environments', 'environments', ['dhaka', 'chittagong'], 'delete'),
      expect: [
        {
          file: 'apps.yaml',
          line: 21,
          path: 'spec',
          message:
            "prod (dhaka's Argo CD) and dr (chittagong's Argo CD) come from copies of ApplicationSet environments " +
            'whose template or sync policy differ',
        },
      ],
    },
    {
      // the services' ApplicationSet generates prod Applications only; dr's group comes from another:
      // one finding, at the dr Application without a prod counterpart
      ...severalPerEnvironment('two-per-environment-unpaired', {
        'zarish-his-prod': 'environments',
        'zarish-his-group-001-prod': 'services',
        'zarish-his-dr': 'environments',
        'zarish-his-group-001-dr': 'dr-services',
      }),
      expect: [
        at(
          51,
          'zarish-his-group-001-dr',
          'prod comes from ApplicationSet environments, ApplicationSet services and dr from ApplicationSet ' +
            'environments, ApplicationSet dr-services; expected both from one ApplicationSet template',
        ),
      ],
    },
    {
      // one prod Application, two dr ones (not a one-to-one pair)
      ...severalPerEnvironment('one-prod-two-dr', {
        'zarish-his-prod': 'environments',
        'zarish-his-dr': 'environments',
        'zarish-his-group-001-dr': 'dr-services',
      }),
      expect: [
        at(
          36,
          'zarish-his-group-001-dr',
          'prod comes from ApplicationSet environments and dr from ApplicationSet environments, ' +
            'ApplicationSet dr-services',
        ),
      ],
    },
    {
      // two prod Applications from an ApplicationSet that generates no dr one: one finding, at the first
      ...severalPerEnvironment('unpaired-appset-once', {
        'zarish-his-prod': 'environments',
        'zarish-his-group-001-prod': 'services',
        'zarish-his-group-002-prod': 'services',
        'zarish-his-dr': 'environments',
      }),
      expect: [
        at(
          21,
          'zarish-his-group-001-prod',
          'prod comes from ApplicationSet environments, ApplicationSet services and dr from ' +
            'ApplicationSet environments;',
        ),
      ],
    },
    {
      ...prodAndDr('hand-written-dr', 'environments', undefined),
      expect: [{ file: 'apps.yaml', line: 21, path: 'spec', message: 'dr from a hand-written Application' }],
    },
  ],
} satisfies RuleTable;
