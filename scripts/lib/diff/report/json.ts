import type { ResourceChange, SideInfo } from '../compare.js';
import { formatSegments, type FieldChange } from '../fields.js';
import { changedApplications, splitFindings, type DiffReport } from './model.js';

function field(f: FieldChange): Record<string, unknown> {
  return {
    path: formatSegments(f.path),
    op: f.op,
    ...(f.op !== 'add' ? { before: f.before } : {}),
    ...(f.op !== 'remove' ? { after: f.after } : {}),
  };
}

function side(s: SideInfo): Record<string, unknown> {
  return { label: s.label, commit: s.commit };
}

function resource(c: ResourceChange): Record<string, unknown> {
  return {
    apiVersion: c.apiVersion,
    kind: c.identity.kind,
    group: c.identity.group,
    namespace: c.identity.namespace || null,
    name: c.identity.name,
  };
}

/** One JSON document; deletions first, then the other findings, then every changed Application. */
export function jsonDiffReport(report: DiffReport): string {
  const { deletions, others } = splitFindings(report.findings);
  const applications = changedApplications(report.diff).map((a) => ({
    name: a.name,
    cluster: a.cluster,
    environment: a.environment,
    status: a.status,
    application: a.application.map(field),
    added: a.added.map(resource),
    removed: a.removed.map(resource),
    changed: a.changed.map((c) => ({
      ...resource(c),
      fields: c.fields.map(field),
    })),
  }));
  const doc = {
    base: side(report.diff.base),
    head: side(report.diff.head),
    deletions,
    findings: others,
    applications,
    summary: report.summary,
    ...(report.validation ? { validation: report.validation } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
