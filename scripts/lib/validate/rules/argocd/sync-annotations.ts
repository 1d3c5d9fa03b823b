import type { Finding } from '../../../findings.js';
import { asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';

const HOOKS = new Set(['PreSync', 'Sync', 'Skip', 'PostSync', 'SyncFail', 'PreDelete', 'PostDelete']);
const DELETE_POLICIES = new Set(['HookSucceeded', 'HookFailed', 'BeforeHookCreation']);
/** Resource-level sync options Argo CD reads from argocd.argoproj.io/sync-options. */
const SYNC_OPTIONS: Record<string, readonly string[]> = {
  Prune: ['false', 'confirm'],
  Delete: ['false', 'confirm'],
  Validate: ['false', 'true'],
  SkipDryRunOnMissingResource: ['true'],
  Replace: ['true', 'false'],
  Force: ['true'],
  ServerSideApply: ['true', 'false'],
  PruneLast: ['true'],
  ApplyOutOfSyncOnly: ['true'],
  CreateNamespace: ['true'],
  PrunePropagationPolicy: ['foreground', 'background', 'orphan'],
  RespectIgnoreDifferences: ['true'],
  FailOnSharedResource: ['true'],
};
const COMPARE_OPTIONS = new Set([
  'IgnoreExtraneous',
  'ServerSideDiff=true',
  'ServerSideDiff=false',
  'IncludeMutationWebhook=true',
]);

/** ARGO-004: Argo CD's own annotations are spelled and valued as Argo CD reads them. */
export const syncAnnotations: Rule = {
  id: 'ARGO-004',
  name: 'sync-annotations',
  group: 'argocd',
  severity: 'error',
  scope: 'resource',
  description:
    'argocd.argoproj.io sync-wave is an integer; hook, hook-delete-policy, ' +
    'sync-options and compare-options use values Argo CD knows.',
  remediation:
    'Write sync-wave as an integer and use only hook, hook-delete-policy, sync-options and compare-options ' +
    'values Argo CD knows.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      const annotations = asObj(asObj(r.object.metadata).annotations);
      const at = (key: string): (string | number)[] => ['metadata', 'annotations', key];
      const wave = annotations['argocd.argoproj.io/sync-wave'];
      if (wave !== undefined && !/^-?\d+$/.test(String(wave).trim()))
        out.push(
          ctx.report(
            r,
            at('argocd.argoproj.io/sync-wave'),
            `sync-wave "${String(wave)}" is not an integer (expected e.g. "-1", "0", "5")`,
          ),
        );
      const list = (key: string): string[] | undefined =>
        annotations[key] === undefined
          ? undefined
          : String(annotations[key])
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean);
      for (const hook of list('argocd.argoproj.io/hook') ?? []) {
        if (!HOOKS.has(hook))
          out.push(
            ctx.report(r, at('argocd.argoproj.io/hook'), `hook "${hook}" is not one of ${[...HOOKS].join(', ')}`),
          );
      }
      for (const policy of list('argocd.argoproj.io/hook-delete-policy') ?? []) {
        if (!DELETE_POLICIES.has(policy))
          out.push(
            ctx.report(
              r,
              at('argocd.argoproj.io/hook-delete-policy'),
              `hook-delete-policy "${policy}" is not one of ${[...DELETE_POLICIES].join(', ')}`,
            ),
          );
      }
      for (const option of list('argocd.argoproj.io/sync-options') ?? []) {
        const [name, value] = option.split('=', 2) as [string, string | undefined];
        const values = SYNC_OPTIONS[name];
        if (!values)
          out.push(
            ctx.report(
              r,
              at('argocd.argoproj.io/sync-options'),
              `sync option "${name}" is unknown (expected one of ${Object.keys(SYNC_OPTIONS).join(', ')})`,
            ),
          );
        else if (value === undefined || !values.includes(value))
          out.push(
            ctx.report(
              r,
              at('argocd.argoproj.io/sync-options'),
              `sync option "${option}": expected ${name}=${values.join(' or ')}`,
            ),
          );
      }
      for (const option of list('argocd.argoproj.io/compare-options') ?? []) {
        if (!COMPARE_OPTIONS.has(option))
          out.push(
            ctx.report(
              r,
              at('argocd.argoproj.io/compare-options'),
              `compare option "${option}" is unknown (expected one of ${[...COMPARE_OPTIONS].join(', ')})`,
              'warning',
            ),
          );
      }
    }
    return out;
  },
};
