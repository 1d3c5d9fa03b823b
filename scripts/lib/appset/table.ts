import type { RenderedApplication } from './render.js';

function get(o: unknown, path: string[]): string {
  let cur: unknown = o;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return '';
    cur = (cur as Record<string, unknown>)[p];
  }
  return typeof cur === 'string' ? cur : cur === undefined || cur === null ? '' : String(cur);
}

/** A fixed-width table: NAME, PROJECT, CLUSTER (destination name or server), NAMESPACE, PATH. */
export function applicationsToTable(apps: RenderedApplication[]): string {
  const rows = apps.map(({ application: a }) => {
    const spec = (a.spec ?? {}) as Record<string, unknown>;
    const sources = Array.isArray(spec.sources) ? spec.sources : [];
    const path =
      get(spec, ['source', 'path']) ||
      sources
        .map((s) => get(s, ['path']) || get(s, ['chart']))
        .filter((x) => x !== '')
        .join(',') ||
      get(spec, ['source', 'chart']);
    return [
      get(a, ['metadata', 'name']),
      get(spec, ['project']),
      get(spec, ['destination', 'name']) || get(spec, ['destination', 'server']),
      get(spec, ['destination', 'namespace']),
      path,
    ];
  });
  const header = ['NAME', 'PROJECT', 'CLUSTER', 'NAMESPACE', 'PATH'];
  const all = [header, ...rows];
  const widths = header.map((_h, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return (
    all
      .map((r) =>
        r
          .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
