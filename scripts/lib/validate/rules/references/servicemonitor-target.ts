import type { Finding } from '../../../findings.js';
import { asArray, asObj, isObj, selectorMatches } from '../../k8s.js';
import type { Rule } from '../../types.js';
import {
  describeSelector,
  isKind,
  listOf,
  nameOf,
  namespaceOf,
  operatorPods,
  selectsOperatorPods,
} from './workloads.js';

/**
 * REF-10: a ServiceMonitor's selector matches at least one Service of the unit (by the Service's labels) in the
 * namespaces it watches (its own, or namespaceSelector.matchNames), and each endpoint's port name is a port of a
 * matched Service. A ServiceMonitor that watches any namespace, or one the unit does not render, cannot be
 * checked inside one unit and is skipped; one whose selector matches pods an operator creates (CloudNativePG, Strimzi,
 * Redis) is
 * matched against the operator's Services, whose ports are the operator's.
 */
export const serviceMonitorTarget: Rule = {
  id: 'REF-10',
  name: 'servicemonitor-target',
  group: 'references',
  severity: 'error',
  scope: 'unit',
  description:
    "A ServiceMonitor's selector matches at least one Service in the unit, " +
    'and each endpoint port name is a port of a matched Service.',
  remediation:
    "Make the ServiceMonitor's selector (and namespaceSelector) match a Service of the unit and use a port " +
    'name that Service declares.',
  check(ctx) {
    const out: Finding[] = [];
    const services = ctx.unit.resources.filter((r) => r.ref.kind === 'Service' && r.ref.apiVersion === 'v1');
    const operators = operatorPods(ctx.unit);
    const unitNamespaces = new Set(ctx.unit.resources.map(namespaceOf));
    for (const r of ctx.unit.resources) {
      if (!isKind(r, 'monitoring.coreos.com', 'ServiceMonitor')) continue;
      const spec = asObj(r.object.spec);
      const namespace = namespaceOf(r);
      const nsSelector = asObj(spec.namespaceSelector);
      if (nsSelector.any === true) continue;
      const names = asArray(nsSelector.matchNames).map(String);
      const watched = names.length ? names : [namespace];
      if (watched.some((n) => !unitNamespaces.has(n))) continue;
      const selector = isObj(spec.selector) ? spec.selector : {};
      const matched = services.filter(
        (s) => watched.includes(namespaceOf(s)) && selectorMatches(selector, asObj(asObj(s.object.metadata).labels)),
      );
      if (matched.length === 0) {
        if (operators.some((o) => watched.includes(o.namespace) && selectsOperatorPods(selector, o))) continue;
        const where = watched.filter(Boolean).join(', ');
        out.push(
          ctx.report(
            r,
            ['spec', 'selector'],
            `ServiceMonitor ${nameOf(r)} selects no Service: ` +
              `${describeSelector(selector)} matches the metadata.labels of no ` +
              `Service${where ? ` in namespace ${where}` : ''} of this unit, so ` +
              `nothing is scraped; expected the Service's labels (not its selector)`,
          ),
        );
        continue;
      }
      const portNames = new Set(
        matched.flatMap((s) =>
          asArray(asObj(s.object.spec).ports)
            .map((p) => asObj(p).name)
            .filter((n): n is string => typeof n === 'string'),
        ),
      );
      asArray(spec.endpoints).forEach((e, i) => {
        const port = asObj(e).port;
        if (typeof port !== 'string' || portNames.has(port)) return;
        out.push(
          ctx.report(
            r,
            ['spec', 'endpoints', i, 'port'],
            `ServiceMonitor ${nameOf(r)} scrapes port "${port}", which no matched ` +
              `Service (${listOf(matched.map(nameOf))}) names` +
              `${portNames.size ? ` (named ports: ${[...portNames].join(', ')})` : ''}` +
              `; expected a spec.ports[].name of the Service`,
          ),
        );
      });
    }
    return out;
  },
};
