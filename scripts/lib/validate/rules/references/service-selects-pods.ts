import type { Finding } from '../../../findings.js';
import { asArray, asObj, containersOf, isObj, mapSelectorMatches } from '../../k8s.js';
import type { Rule } from '../../types.js';
import {
  describeSelector,
  label,
  listOf,
  namespaceOf,
  nameOf,
  operatorPods,
  podSources,
  selectsOperatorPods,
  type PodSource,
} from './workloads.js';

/** Ports the pod template's containers declare (sidecar init containers included; ephemeral ones cannot have ports). */
function portsOf(source: PodSource): { name?: string; number: number }[] {
  return containersOf(source.template)
    .filter((c) => !c.path.includes('ephemeralContainers'))
    .flatMap((c) => asArray(c.container.ports).map((p) => asObj(p)))
    .map((p) => ({ ...(typeof p.name === 'string' ? { name: p.name } : {}), number: Number(p.containerPort) }));
}

/**
 * REF-01: a Service with a selector selects at least one pod template of its namespace, and its
 * targetPorts exist on the selected pods (a name must be a declared container port name: error; a number
 * that no container declares is only a warning, declared ports being informational).
 */
export const serviceSelectsPods: Rule = {
  id: 'REF-01',
  name: 'service-selects-pods',
  group: 'references',
  severity: 'error',
  scope: 'unit',
  description:
    "A Service's selector matches at least one pod template in its " +
    'namespace, and each targetPort is a port of the selected pods.',
  remediation:
    'Make the Service selector match the labels of a pod template in its namespace, and targetPort a port ' +
    'those pods declare.',
  check(ctx) {
    const out: Finding[] = [];
    const pods = podSources(ctx.unit);
    const operators = operatorPods(ctx.unit);
    for (const r of ctx.unit.resources) {
      if (r.ref.kind !== 'Service' || r.ref.apiVersion !== 'v1') continue;
      const spec = asObj(r.object.spec);
      const selector = spec.selector;
      if (spec.type === 'ExternalName' || !isObj(selector) || Object.keys(selector).length === 0) continue;
      const namespace = namespaceOf(r);
      const selected = pods.filter((p) => p.namespace === namespace && mapSelectorMatches(selector, p.labels));
      const byOperator = operators.filter((o) => o.namespace === namespace && selectsOperatorPods(selector, o, true));
      if (selected.length === 0 && byOperator.length === 0) {
        const inNamespace = pods.filter((p) => p.namespace === namespace).map((p) => label(p.resource));
        out.push(
          ctx.report(
            r,
            ['spec', 'selector'],
            `Service ${nameOf(r)} selects no pods: selector ` +
              `${describeSelector(selector, true)} matches no pod template` +
              `${namespace ? ` in namespace ${namespace}` : ''} of this unit (` +
              `${inNamespace.length ? `pod templates here: ${listOf(inNamespace)}` : 'there are none'}` +
              `); expected the labels of the workload's spec.template.metadata.labels`,
          ),
        );
        continue;
      }
      if (selected.length === 0) continue; // operator pods only: their ports are the operator's
      asArray(spec.ports).forEach((p, i) => {
        const port = asObj(p);
        const target = port.targetPort ?? port.port;
        const isNumber = typeof target === 'number' || (typeof target === 'string' && /^\d+$/.test(target));
        if (isNumber) {
          const n = Number(target);
          const missing = selected.filter((s) => !portsOf(s).some((x) => x.number === n));
          if (missing.length === 0) return;
          const path =
            port.targetPort === undefined ? ['spec', 'ports', i, 'port'] : ['spec', 'ports', i, 'targetPort'];
          out.push(
            ctx.report(
              r,
              path,
              `Service ${nameOf(r)} port ${String(port.name ?? port.port)} targets ` +
                `port ${n}, which ${listOf(missing.map((s) => label(s.resource)))} ` +
                `${missing.length === 1 ? 'does' : 'do'} not declare as a ` +
                `containerPort; expected a declared container port (or its name)`,
              'warning',
            ),
          );
        } else if (typeof target === 'string') {
          const missing = selected.filter((s) => !portsOf(s).some((x) => x.name === target));
          if (missing.length === 0) return;
          const known = [
            ...new Set(
              missing.flatMap((s) =>
                portsOf(s)
                  .map((x) => x.name)
                  .filter((x): x is string => !!x),
              ),
            ),
          ];
          out.push(
            ctx.report(
              r,
              ['spec', 'ports', i, 'targetPort'],
              `Service ${nameOf(r)} targetPort "${target}" is not a container port ` +
                `name of ${listOf(missing.map((s) => label(s.resource)))} (` +
                `${known.length ? `named ports: ${known.join(', ')}` : 'no named ports'}` +
                `); expected one of the selected pods' port names`,
            ),
          );
        }
      });
    }
    return out;
  },
};
