import type { ResourceChange } from '../compare.js';
import { formatSegments } from '../fields.js';
import { changedApplications, splitFindings, type DiffReport } from './model.js';

function resource(c: ResourceChange): Record<string, unknown> {
  return { apiVersion: c.apiVersion, kind: c.identity.kind, group: c.identity.group, namespace: c.identity.namespace || null, name: c.identity.name };
}

/** One JSON document; deletions first, then the other findings, then every changed Application. */
export function jsonDiffReport(report: DiffReport): string {
  const { deletions, others } = splitFindings(report.findings);
  const applications = changedApplications(report.diff).map((a) => ({
    name: a.name,
    cluster: a.cluster,
    environment: a.environment,
    status: a.status,
    added: a.added.map(resource),
    removed: a.removed.map(resource),
    changed: a.changed.map((c) => ({
      ...resource(c),
      fields: c.fields.map((f) => ({ path: formatSegments(f.path), op: f.op, ...(f.op !== 'add' ? { before: f.before } : {}), ...(f.op !== 'remove' ? { after: f.after } : {}) })),
    })),
  }));
  const doc = { base: report.diff.base, head: report.diff.head, deletions, findings: others, applications, summary: report.summary };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
