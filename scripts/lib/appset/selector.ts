/**
 * Kubernetes label selectors (matchLabels + matchExpressions), used for the
 * cluster generator over Secret labels and for generator post selectors over
 * flattened params.
 */
import { selectorMatches as labelSelectorMatches } from '../label-selector.js';
import { GenerationError } from './errors.js';

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export function parseSelector(raw: unknown, where: string): LabelSelector | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new GenerationError(`${where}: expected a label selector object with matchLabels/matchExpressions`);
  const r = raw as Record<string, unknown>;
  const sel: LabelSelector = {};
  if (r.matchLabels !== undefined && r.matchLabels !== null) {
    if (typeof r.matchLabels !== 'object' || Array.isArray(r.matchLabels))
      throw new GenerationError(`${where}.matchLabels: expected a map of strings`);
    sel.matchLabels = {};
    for (const [k, v] of Object.entries(r.matchLabels as Record<string, unknown>)) {
      if (typeof v !== 'string')
        throw new GenerationError(`${where}.matchLabels.${k}: expected a string, got ${JSON.stringify(v)}`);
      sel.matchLabels[k] = v;
    }
  }
  if (r.matchExpressions !== undefined && r.matchExpressions !== null) {
    if (!Array.isArray(r.matchExpressions)) throw new GenerationError(`${where}.matchExpressions: expected a list`);
    sel.matchExpressions = r.matchExpressions.map((e: unknown, i: number) => {
      const x = (e ?? {}) as Record<string, unknown>;
      const op = x.operator;
      if (typeof x.key !== 'string')
        throw new GenerationError(`${where}.matchExpressions[${i}].key: expected a string`);
      if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') {
        throw new GenerationError(
          `${where}.matchExpressions[${i}].operator: expected In, NotIn, Exists ` +
            `or DoesNotExist, got ${JSON.stringify(op)}`,
        );
      }
      const values = Array.isArray(x.values) ? x.values.map(String) : [];
      if ((op === 'In' || op === 'NotIn') && values.length === 0)
        throw new GenerationError(`${where}.matchExpressions[${i}]: operator ${op} needs non-empty values`);
      if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0)
        throw new GenerationError(`${where}.matchExpressions[${i}]: operator ${op} takes no values`);
      return { key: x.key, operator: op, values };
    });
  }
  return sel;
}

export function isEmptySelector(sel: LabelSelector | undefined): boolean {
  return (
    sel === undefined || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)
  );
}

/** No selector selects everything; otherwise the shared matcher (operators were checked by parseSelector). */
export function selectorMatches(sel: LabelSelector | undefined, labels: Record<string, string>): boolean {
  return sel === undefined || labelSelectorMatches({ ...sel }, labels);
}
