import type { Finding, Severity } from '../../findings.js';
import type { DiffRule } from '../../rules/types.js';
import type { AppDiff, ResourceChange } from '../compare.js';
import { formatSegments, indexedPath, type Segment } from '../fields.js';

/** One dangerous-change check: one module in this directory (the rule registry finds it). */
export type { DiffRule, DiffRuleContext } from '../../rules/types.js';

/** A finding on one resource of one Application, located in the head tree (the base tree for removals). */
export function resourceFinding(
  rule: DiffRule,
  app: AppDiff,
  change: ResourceChange,
  path: readonly Segment[],
  message: string,
  severity: Severity = rule.severity,
): Finding {
  const side = change.head ?? change.base;
  const at = side
    ? side.locate(indexedPath(side.object, path))
    : { file: `clusters/${app.cluster}/cluster.yaml`, line: 1 };
  return {
    ruleId: rule.id,
    severity,
    message,
    file: at.file,
    line: at.line,
    path: formatSegments(path),
    resource: side?.ref,
    unit: app.name,
  };
}

const PROTECTED = [
  { group: '', kind: 'Namespace', why: 'everything in it is deleted with it' },
  {
    group: '',
    kind: 'PersistentVolumeClaim',
    why: 'its volume and data go with it unless the PV reclaim policy is Retain',
  },
  { group: 'postgresql.cnpg.io', kind: 'Cluster', why: 'CloudNativePG deletes the database pods and their PVCs' },
] as const;

/** Why deleting this kind loses data, or undefined when it is not one we guard. */
export function protectedKind(group: string, kind: string): string | undefined {
  return PROTECTED.find((p) => p.group === group && p.kind === kind)?.why;
}

/** The Argo CD sync options set on a resource through its annotation. */
export function syncOptions(object: Record<string, unknown> | undefined): Set<string> {
  const annotations = ((object?.metadata as Record<string, unknown> | undefined)?.annotations ?? {}) as Record<
    string,
    unknown
  >;
  const raw = annotations['argocd.argoproj.io/sync-options'];
  return new Set(
    typeof raw === 'string'
      ? raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  );
}
