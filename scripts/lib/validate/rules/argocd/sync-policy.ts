import type { Finding } from '../../../findings.js';
import { nearest as closest } from '../../../suggest.js';
import { asArray, asObj } from '../../k8s.js';
import type { Resource, Rule } from '../../types.js';
import { resourceNamed } from './shared.js';

/**
 * Application-level sync options the Argo CD application controller and gitops-engine read
 * (controller/sync.go, gitops-engine pkg/sync/common/types.go, v3.4/v3.6). Anything else is
 * ignored without a word, so a typo silently disables the option.
 */
export const APPLICATION_SYNC_OPTIONS: readonly string[] = [
  'Validate=false',
  'Validate=true',
  'CreateNamespace=true',
  'CreateNamespace=false',
  'PruneLast=true',
  'PruneLast=false',
  'ApplyOutOfSyncOnly=true',
  'ApplyOutOfSyncOnly=false',
  'PrunePropagationPolicy=foreground',
  'PrunePropagationPolicy=background',
  'PrunePropagationPolicy=orphan',
  'Replace=true',
  'Replace=false',
  'Force=true',
  'ServerSideApply=true',
  'ServerSideApply=false',
  'FailOnSharedResource=true',
  'FailOnSharedResource=false',
  'RespectIgnoreDifferences=true',
  'RespectIgnoreDifferences=false',
  'SkipDryRunOnMissingResource=true',
  'ClientSideApplyMigration=true',
  'ClientSideApplyMigration=false',
];

const SYNC_POLICY_FIELDS = ['automated', 'syncOptions', 'retry', 'managedNamespaceMetadata'];
const RETRY_FIELDS = ['limit', 'backoff', 'refresh'];
const BACKOFF_FIELDS = ['duration', 'factor', 'maxDuration'];
const NAMESPACE_METADATA_FIELDS = ['labels', 'annotations'];
const IGNORE_DIFFERENCES_FIELDS = [
  'group',
  'kind',
  'name',
  'namespace',
  'jsonPointers',
  'jqPathExpressions',
  'managedFieldsManagers',
];

const didYouMean = (value: string, known: readonly string[]): string => {
  const near = closest(value, known);
  return near ? `did you mean "${near}"?` : `expected one of ${known.join(', ')}`;
};

/** Argo CD's retry durations: a number of seconds, or a Go duration ("5s", "3m", "1h30m"). */
const GO_DURATION = /^([0-9]+(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$/;
function validDuration(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  return /^[0-9]+$/.test(v) || GO_DURATION.test(v);
}

type Report = (path: (string | number)[], message: string) => void;

function unknownFields(
  o: Record<string, unknown>,
  known: readonly string[],
  at: (string | number)[],
  what: string,
  report: Report,
): void {
  for (const k of Object.keys(o))
    if (!known.includes(k))
      report([...at, k], `${what} has no field "${k}" (${didYouMean(k, known)}); Argo CD drops it`);
}

function checkSpec(name: string, spec: Record<string, unknown>, report: Report): void {
  const syncPolicy = spec.syncPolicy;
  if (syncPolicy !== undefined && syncPolicy !== null) {
    const sp = asObj(syncPolicy);
    unknownFields(sp, SYNC_POLICY_FIELDS, ['spec', 'syncPolicy'], 'syncPolicy', report);
    const options = asArray(sp.syncOptions);
    options.forEach((o, i) => {
      const option = String(o);
      if (!APPLICATION_SYNC_OPTIONS.includes(option)) {
        report(
          ['spec', 'syncPolicy', 'syncOptions', i],
          `Application ${name}: sync option "${option}" is not one Argo CD ` +
            `knows, and it ignores it in silence (` +
            `${didYouMean(option, APPLICATION_SYNC_OPTIONS)})`,
        );
      }
    });
    if (sp.managedNamespaceMetadata !== undefined && sp.managedNamespaceMetadata !== null) {
      const mnm = asObj(sp.managedNamespaceMetadata);
      const at = ['spec', 'syncPolicy', 'managedNamespaceMetadata'];
      unknownFields(mnm, NAMESPACE_METADATA_FIELDS, at, 'managedNamespaceMetadata', report);
      for (const field of NAMESPACE_METADATA_FIELDS) {
        for (const [k, v] of Object.entries(asObj(mnm[field]))) {
          if (typeof v !== 'string')
            report(
              [...at, field, k],
              `Application ${name}: managedNamespaceMetadata.${field}.${k} must be a string (got ${JSON.stringify(v)})`,
            );
        }
      }
      if (!options.map(String).includes('CreateNamespace=true')) {
        report(
          at,
          `Application ${name}: managedNamespaceMetadata is applied only with ` +
            `the sync option CreateNamespace=true, which this Application does not ` +
            `set`,
        );
      }
    }
    if (sp.retry !== undefined && sp.retry !== null) {
      const retry = asObj(sp.retry);
      const at = ['spec', 'syncPolicy', 'retry'];
      unknownFields(retry, RETRY_FIELDS, at, 'retry', report);
      if (retry.limit !== undefined && !(typeof retry.limit === 'number' && Number.isInteger(retry.limit))) {
        report(
          [...at, 'limit'],
          `Application ${name}: retry.limit must be an integer (a negative limit ` +
            `retries forever), got ${JSON.stringify(retry.limit)}`,
        );
      }
      if (retry.backoff !== undefined && retry.backoff !== null) {
        const backoff = asObj(retry.backoff);
        unknownFields(backoff, BACKOFF_FIELDS, [...at, 'backoff'], 'retry.backoff', report);
        for (const field of ['duration', 'maxDuration']) {
          if (backoff[field] !== undefined && !validDuration(backoff[field])) {
            report(
              [...at, 'backoff', field],
              `Application ${name}: retry.backoff.${field} ` +
                `${JSON.stringify(backoff[field])} is not a duration Argo CD can parse ` +
                `(expected seconds like "30" or a Go duration like "5s", "3m")`,
            );
          }
        }
        if (
          backoff.factor !== undefined &&
          !(typeof backoff.factor === 'number' && Number.isInteger(backoff.factor) && backoff.factor >= 1)
        ) {
          report(
            [...at, 'backoff', 'factor'],
            `Application ${name}: retry.backoff.factor must be an integer of at ` +
              `least 1, got ${JSON.stringify(backoff.factor)}`,
          );
        }
      }
    }
  }
  asArray(spec.ignoreDifferences).forEach((d, i) => {
    const entry = asObj(d);
    const at = ['spec', 'ignoreDifferences', i];
    unknownFields(entry, IGNORE_DIFFERENCES_FIELDS, at, 'ignoreDifferences entry', report);
    if (typeof entry.kind !== 'string' || entry.kind === '')
      report(at, `Application ${name}: ignoreDifferences[${i}] needs a kind (and a group for non-core kinds)`);
    const lists = ['jsonPointers', 'jqPathExpressions', 'managedFieldsManagers'].filter(
      (f) => asArray(entry[f]).length > 0,
    );
    if (lists.length === 0)
      report(
        at,
        `Application ${name}: ignoreDifferences[${i}] ignores nothing ` +
          `(expected jsonPointers, jqPathExpressions or managedFieldsManagers)`,
      );
    asArray(entry.jsonPointers).forEach((p, j) => {
      if (typeof p !== 'string' || !p.startsWith('/'))
        report(
          [...at, 'jsonPointers', j],
          `Application ${name}: JSON pointer ${JSON.stringify(p)} must start ` +
            `with "/" (like /spec/replicas); use jqPathExpressions for ` +
            `.spec.replicas`,
        );
    });
  });
}

/** ARGO-010: syncOptions, managedNamespaceMetadata, retry and ignoreDifferences say what Argo CD reads. */
export const applicationSyncPolicy: Rule = {
  id: 'ARGO-010',
  name: 'application-sync-policy',
  group: 'argocd',
  severity: 'error',
  scope: 'run',
  description:
    "Every Application's syncPolicy (syncOptions, retry, " +
    'managedNamespaceMetadata) and ignoreDifferences use fields and values ' +
    'Argo CD knows; an unknown sync option is ignored in silence.',
  remediation:
    'Use syncPolicy and ignoreDifferences fields and values Argo CD knows (the message suggests the nearest one).',
  check(ctx) {
    const out: Finding[] = [];
    const seen = new Set<Resource>();
    const apps: Resource[] = [...(ctx.argo?.applications ?? [])];
    for (const u of ctx.units)
      for (const r of u.resources)
        if (
          r.ref.kind === 'Application' &&
          r.ref.apiVersion.startsWith('argoproj.io/') &&
          !apps.some((a) => a.ref.name === r.ref.name)
        )
          apps.push(r);
    for (const app of apps) {
      if (seen.has(app)) continue;
      seen.add(app);
      checkSpec(app.ref.name ?? '', asObj(app.object.spec), (path, message) =>
        out.push(ctx.report(app, path, message)),
      );
    }
    return out;
  },
};

/**
 * ARGO-009: an ApplicationSet the controller cannot fully generate: a generator or template failing
 * (no Applications at all), an unknown template parameter, duplicate or invalid names (those
 * Applications skipped). Located at the template field when known.
 */
export const appsetGeneration: Rule = {
  id: 'ARGO-009',
  name: 'appset-generation',
  group: 'argocd',
  severity: 'error',
  scope: 'run',
  needsArgo: true,
  description:
    'Every ApplicationSet generates all its Applications in the ' +
    'controller: no generator or template error, no missing template ' +
    'parameter, no duplicate or invalid Application name.',
  remediation:
    "Fix the ApplicationSet's generator or template error named in the message so the controller can " +
    'generate every Application with a unique valid name.',
  check(ctx) {
    const argo = ctx.argo;
    if (!argo) return [];
    const out: Finding[] = [];
    for (const e of argo.model.appsetErrors) {
      const appset = resourceNamed(ctx.units, 'ApplicationSet', e.appset);
      if (!appset) continue;
      out.push(ctx.report(appset, [...(e.path ?? ['spec', 'generators'])], e.message));
    }
    return out;
  },
};
