import type { Finding } from '../../../findings.js';
import { asObj, isObj } from '../../k8s.js';
import type { Resource, Rule } from '../../types.js';
import { nameOf } from '../references/workloads.js';
import { labelsOf } from './shared.js';
import { position } from './promql-parses.js';

/** The label the Grafana dashboard sidecar selects ConfigMaps by (base/grafana-dashboards). */
export const DASHBOARD_LABEL = 'grafana_dashboard';

export function isDashboardConfigMap(r: Resource): boolean {
  return r.ref.kind === 'ConfigMap' && r.ref.apiVersion === 'v1' && labelsOf(r)[DASHBOARD_LABEL] !== undefined;
}

/** Where a JSON.parse error is, from Node's "... at position N" message. */
function jsonErrorAt(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(message);
  const at = match ? ` at ${position(text, Number(match[1]))}` : '';
  return `${message.replace(/ in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)$/, '')}${at}`;
}

/** What is wrong with a dashboard model, or undefined when it has the shape Grafana loads. */
export function dashboardProblem(model: unknown): string | undefined {
  if (!isObj(model)) return `is ${Array.isArray(model) ? 'an array' : typeof model}, not a dashboard object`;
  if (isObj(model.dashboard) && model.panels === undefined)
    return (
      'is wrapped in {"dashboard": ...} (the HTTP API envelope), which the ' +
      'sidecar loads as an empty dashboard; expected the dashboard model ' +
      'itself'
    );
  if (typeof model.title !== 'string' || model.title.trim() === '') return 'has no title (a non-empty string)';
  if (!Array.isArray(model.panels)) return 'has no panels array';
  const bad = panelProblem(model.panels, 'panels');
  if (bad) return bad;
  if (model.schemaVersion !== undefined && typeof model.schemaVersion !== 'number')
    return `has schemaVersion ${JSON.stringify(model.schemaVersion)}, not a number`;
  if (model.uid !== undefined && model.uid !== null && (typeof model.uid !== 'string' || model.uid.length > 40))
    return `has uid ${JSON.stringify(model.uid)}, expected a string of at most 40 characters`;
  return undefined;
}

function panelProblem(panels: unknown[], where: string): string | undefined {
  for (const [i, p] of panels.entries()) {
    if (!isObj(p)) return `has ${where}[${i}] that is not an object`;
    if (typeof p.type !== 'string' || p.type === '')
      return `has ${where}[${i}]${typeof p.title === 'string' ? ` ("${p.title}")` : ''} without a type`;
    if (p.panels !== undefined) {
      if (!Array.isArray(p.panels)) return `has ${where}[${i}].panels that is not an array`;
      const nested = panelProblem(p.panels, `${where}[${i}].panels`);
      if (nested) return nested;
    }
  }
  return undefined;
}

/**
 * OPR-GRAF-01: every *.json key of a ConfigMap the Grafana dashboard sidecar loads (label grafana_dashboard) is
 * valid JSON of the dashboard shape: an object with a title and a panels array of objects with a type, no
 * {"dashboard": ...} API envelope, a numeric schemaVersion and a string uid when present.
 */
export const grafanaDashboardJson: Rule = {
  id: 'OPR-GRAF-01',
  name: 'grafana-dashboard-json',
  group: 'operators',
  severity: 'error',
  scope: 'resource',
  description:
    'Every *.json key of a grafana_dashboard ConfigMap is valid JSON of ' +
    'the dashboard shape: an object with a title and a panels array of ' +
    'objects with a type, no {"dashboard": ...} envelope, numeric ' +
    'schemaVersion and string uid when present.',
  remediation:
    'Store the dashboard JSON itself (no {"dashboard": ...} envelope) as valid JSON with a title and a ' +
    'panels array whose entries have a type.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      if (!isDashboardConfigMap(r)) continue;
      for (const [key, value] of Object.entries(asObj(r.object.data))) {
        if (!key.endsWith('.json') || typeof value !== 'string') continue;
        let model: unknown;
        try {
          model = JSON.parse(value);
        } catch (error) {
          out.push(
            ctx.report(
              r,
              ['data', key],
              `ConfigMap ${nameOf(r)}: dashboard ${key} is not valid JSON (` +
                `${jsonErrorAt(value, error)} of the value); Grafana skips it: ` +
                `expected a JSON dashboard model`,
            ),
          );
          continue;
        }
        const problem = dashboardProblem(model);
        if (problem)
          out.push(
            ctx.report(
              r,
              ['data', key],
              `ConfigMap ${nameOf(r)}: dashboard ${key} ${problem}` +
                (problem.includes('expected')
                  ? ''
                  : '; Grafana does not load it as written: expected a dashboard model ' +
                    '(a title, panels[] with a type each)'),
            ),
          );
      }
    }
    return out;
  },
};
