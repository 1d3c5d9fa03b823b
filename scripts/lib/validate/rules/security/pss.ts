/**
 * Pod Security Standards: the shared machinery of the SEC-B (baseline) and SEC-R (restricted) rules.
 * Each rule checks one control on every pod template; the finding is an error where the workload's
 * Namespace (in the same unit) enforces the level — the API server will reject the pods — and the
 * rule's severity (warning) elsewhere.
 */
import type { FieldPath, Finding, Severity } from '../../../findings.js';
import { asObj } from '../../k8s.js';
import type { CheckContext, Rule, Unit } from '../../types.js';
import { minorOf, landingNamespace, podsOf, type Pod } from './pods.js';

export type PssLevel = 'baseline' | 'restricted';
export const PSS_LEVELS: readonly string[] = ['privileged', 'baseline', 'restricted'];
export const PSA_LABEL_PREFIX = 'pod-security.kubernetes.io/';

const RANK: Record<string, number> = { privileged: 0, baseline: 1, restricted: 2 };

export interface Violation {
  readonly path: FieldPath;
  readonly message: string;
}

/** What a control sees: the pod, and the Kubernetes minor the policy is evaluated at. */
export interface PssInput extends Pod {
  /** Kubernetes minor, e.g. 28 */
  readonly minor: number;
}

interface Enforcement {
  readonly namespace: string;
  readonly level: string;
  /** minor of enforce-version when pinned ("v1.28"), undefined for latest/unset */
  readonly minor: number | undefined;
}

const namespaceCache = new WeakMap<Unit, Map<string, Enforcement>>();

/** The Pod Security enforcement of each Namespace object in the unit, by name. */
function enforcements(unit: Unit): Map<string, Enforcement> {
  let map = namespaceCache.get(unit);
  if (map) return map;
  map = new Map();
  for (const r of unit.resources) {
    if (r.ref.kind !== 'Namespace' || r.ref.apiVersion !== 'v1') continue;
    const metadata = asObj(r.object.metadata);
    if (typeof metadata.name !== 'string') continue;
    const labels = asObj(metadata.labels);
    const level = labels[`${PSA_LABEL_PREFIX}enforce`];
    const version = labels[`${PSA_LABEL_PREFIX}enforce-version`];
    if (typeof level !== 'string' || !PSS_LEVELS.includes(level)) continue;
    map.set(metadata.name, {
      namespace: metadata.name,
      level,
      minor: typeof version === 'string' ? minorOf(version) : undefined,
    });
  }
  namespaceCache.set(unit, map);
  return map;
}

export interface PssRuleSpec {
  readonly id: string;
  readonly name: string;
  readonly level: PssLevel;
  readonly description: string;
  readonly remediation: string;
  check(pod: PssInput): Violation[];
}

function podsPhrase(pod: Pod): string {
  return pod.resource.ref.kind === 'Pod' ? 'this pod' : `the pods of this ${pod.resource.ref.kind}`;
}

/** A Rule for one Pod Security control, with the namespace-dependent severity and message. */
export function pssRule(spec: PssRuleSpec): Rule {
  return {
    id: spec.id,
    name: spec.name,
    group: 'security',
    severity: 'warning',
    scope: 'resource',
    // the severity comes from the pod's Namespace, another resource of the unit
    unitNeeds: 'objects',
    description: spec.description,
    remediation: spec.remediation,
    check(ctx: CheckContext): Finding[] {
      const out: Finding[] = [];
      const kubeMinor = minorOf(ctx.kubeVersion) ?? 28;
      for (const pod of podsOf(ctx.unit)) {
        const ns = landingNamespace(pod.resource, ctx.unit);
        const enforcement = ns !== undefined ? enforcements(ctx.unit).get(ns) : undefined;
        const enforced = enforcement !== undefined && (RANK[enforcement.level] ?? 0) >= (RANK[spec.level] ?? 0);
        // PSA evaluates a pinned enforce-version (never newer than the cluster itself).
        const minor = enforced && enforcement.minor !== undefined ? Math.min(enforcement.minor, kubeMinor) : kubeMinor;
        for (const v of spec.check({ ...pod, minor })) {
          if (enforced) {
            const severity: Severity = 'error';
            out.push(
              ctx.report(
                pod.resource,
                v.path,
                `${v.message}; namespace "${enforcement.namespace}" enforces Pod ` +
                  `Security "${enforcement.level}", so the API server will reject ` +
                  `${podsPhrase(pod)}`,
                severity,
              ),
            );
          } else {
            out.push(ctx.report(pod.resource, v.path, `${v.message} (violates Pod Security "${spec.level}")`));
          }
        }
      }
      return out;
    },
  };
}
