/**
 * Checks that come from the imported CRDs of the pinned operator releases (scripts/lib/schema/crd-imported.ts):
 * deprecated versions, x-kubernetes-validations (CEL) rules, rules the CEL library could not
 * evaluate, and the Kafka versions the pinned Strimzi supports. Versions a release no longer
 * serves are DEP-001's.
 */
import type { Finding } from '../../../findings.js';
import type { SchemaIssue } from '../../../schema/types.js';
import type { CheckContext, Rule } from '../../types.js';
import { schemaVerdict } from './shared.js';

function issuesOf(ctx: CheckContext, kind: SchemaIssue['kind']): Finding[] {
  return ctx.unit.resources.flatMap((r) => {
    const v = schemaVerdict(ctx, r);
    if (v.status !== 'checked') return [];
    return v.issues.filter((i) => i.kind === kind).map((i) => ctx.report(r, i.path, i.message));
  });
}

export const deprecatedCrdVersion: Rule = {
  id: 'DEP-002',
  name: 'deprecated-crd-version',
  group: 'schema',
  severity: 'warning',
  scope: 'resource',
  description:
    "No custom resource uses an API version its pinned operator's CRD " +
    "marks deprecated (the message is the CRD's deprecationWarning and " +
    'names the version to use).',
  remediation:
    "Move the resource to the API version the CRD's deprecation warning names before the operator drops the " +
    'old one.',
  check: (ctx) => issuesOf(ctx, 'deprecated'),
};

export const celRules: Rule = {
  id: 'SCH-022',
  name: 'crd-validation-rules',
  group: 'schema',
  severity: 'error',
  scope: 'resource',
  description:
    "A custom resource passes its CRD's x-kubernetes-validations (CEL) " +
    'rules, evaluated offline as the API server does on create (message, ' +
    'messageExpression, reason and fieldPath respected; transition rules ' +
    'on oldSelf skipped, as on create).',
  remediation:
    "Change the custom resource so the CRD's validation rule holds; the message is the rule's own and names " +
    'the field.',
  check: (ctx) => issuesOf(ctx, 'cel'),
};

export const celSkipped: Rule = {
  id: 'SCH-023',
  name: 'crd-validation-rules-skipped',
  group: 'schema',
  severity: 'info',
  scope: 'unit',
  unitNeeds: 'index',
  description:
    'Reports, once per rule and target, a CRD validation (CEL) rule the ' +
    'CEL library could not evaluate (a Kubernetes CEL function it lacks): ' +
    'that rule was not checked.',
  remediation:
    'Nothing to change in the manifest: the CEL rule was not evaluated offline, so confirm it with validate ' +
    '--server (a real API server) or review it by hand.',
  // Per target (not once across targets) so that it is part of the target's findings, which the
  // findings cache keeps: a re-validate then needs no schema validation of unchanged targets.
  check(ctx) {
    const seen = new Set<string>();
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      const v = schemaVerdict(ctx, r);
      if (v.status !== 'checked') continue;
      for (const i of v.issues) {
        if (i.kind !== 'cel-skipped') continue;
        const key = `${r.ref.apiVersion.split('/')[0]}\u0000${r.ref.kind}\u0000${i.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(ctx.report(r, i.path, i.message));
      }
    }
    return out;
  },
};

export const kafkaVersion: Rule = {
  id: 'SCH-024',
  name: 'kafka-version-supported',
  group: 'schema',
  severity: 'error',
  scope: 'resource',
  description:
    "A Strimzi Kafka's spec.kafka.version is one the pinned Strimzi " +
    'release supports (its kafka-versions.yaml), and metadataVersion is ' +
    'not newer than it.',
  remediation:
    'Set spec.kafka.version (and metadataVersion) to a Kafka version the pinned Strimzi release supports, ' +
    'or pin a Strimzi release that supports it.',
  check: (ctx) => issuesOf(ctx, 'kafka-version'),
};
