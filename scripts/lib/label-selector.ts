/**
 * Kubernetes label selectors (matchLabels + matchExpressions): the one matcher the checks (Service,
 * PDB, NetworkPolicy, ServiceMonitor selectors) and the ApplicationSet generators (cluster labels,
 * post selectors) use. Pure. An unknown operator selects nothing, as the API server refuses it.
 */
import { asArray, asObj, type Obj } from './objects.js';

/** Whether a label selector (matchLabels / matchExpressions) selects the given labels. */
export function selectorMatches(selector: Obj, labels: Obj): boolean {
  const matchLabels = asObj(selector.matchLabels);
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
  for (const expr of asArray(selector.matchExpressions)) {
    const e = asObj(expr);
    const key = String(e.key ?? '');
    const values = asArray(e.values).map(String);
    const has = Object.hasOwn(labels, key);
    const value = has ? String(labels[key]) : undefined;
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(value as string)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
