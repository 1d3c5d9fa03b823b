import type { Finding } from '../../../findings.js';
import { asArray, asObj, groupOf, isObj, selectorMatches } from '../../k8s.js';
import type { Rule, Unit } from '../../types.js';
import {
  describeSelector,
  isKind,
  listOf,
  nameOf,
  namespaceOf,
  operatorPods,
  podSources,
  type OperatorPods,
} from '../references/workloads.js';
import { CNPG, kafkaOf, PROMETHEUS, REDIS, specOf, STRIMZI } from './shared.js';

/** The container port names of pods that a PodMonitor selected, as far as they are known. */
interface PodPorts {
  readonly what: string;
  readonly present: ReadonlySet<string>;
  /** names known not to be there (a metrics port the operator adds only when metrics are enabled) */
  readonly absent: ReadonlySet<string>;
  /** whether present lists every port (a pod template of the unit, CloudNativePG pods) */
  readonly exhaustive: boolean;
}

const STRIMZI_METRICS = 'tcp-prometheus';

/** The container port name Strimzi gives a listener (the names of Strimzi's first listeners are kept). */
function strimziListenerPort(listener: Record<string, unknown>): string {
  const { name, port, type } = listener;
  if (name === 'plain' && port === 9092 && type === 'internal') return 'tcp-clients';
  if (name === 'tls' && port === 9093 && type === 'internal') return 'tcp-clientstls';
  if (name === 'external' && port === 9094) return 'tcp-external';
  return `tcp-${String(name)}`;
}

/** The ports operators give their pods (CloudNativePG, Strimzi's tcp-prometheus, redis-operator's redis-exporter). */
function operatorPorts(unit: Unit, o: OperatorPods): PodPorts {
  const r = o.resource;
  const spec = specOf(r);
  const group = groupOf(r.ref.apiVersion);
  const none = new Set<string>();
  if (group === CNPG && r.ref.kind === 'Cluster')
    return { what: o.what, present: new Set(['postgresql', 'metrics', 'status']), absent: none, exhaustive: true };
  if (group === CNPG && r.ref.kind === 'Pooler')
    return { what: o.what, present: new Set(['pgbouncer', 'metrics']), absent: none, exhaustive: true };
  if (group === REDIS) {
    const exporter = asObj(spec.redisExporter).enabled === true;
    return {
      what: o.what,
      present: exporter ? new Set(['redis-exporter']) : none,
      absent: exporter ? none : new Set(['redis-exporter']),
      exhaustive: false,
    };
  }
  if (group === STRIMZI) {
    const kafka = r.ref.kind === 'KafkaNodePool' ? kafkaOf(unit, r) : r;
    const strimziName = String(o.labelSets[0]?.['strimzi.io/name'] ?? '');
    const kafkaSpec = kafka ? specOf(kafka) : {};
    if (strimziName.endsWith('-kafka')) {
      // Kafka nodes: fixed ports, one per listener, the metrics port with metricsConfig (Strimzi KafkaCluster).
      if (!kafka || asObj(kafkaSpec.kafka).jmxOptions !== undefined)
        return { what: o.what, present: none, absent: none, exhaustive: false };
      const metrics = isObj(asObj(kafkaSpec.kafka).metricsConfig);
      const listeners = asArray(asObj(kafkaSpec.kafka).listeners).map(asObj).map(strimziListenerPort);
      const present = new Set([
        'tcp-ctrlplane',
        'tcp-replication',
        'tcp-kafkaagent',
        ...listeners,
        ...(metrics ? [STRIMZI_METRICS] : []),
      ]);
      return { what: o.what, present, absent: none, exhaustive: true };
    }
    // Topic and User Operator containers: one healthcheck port each; Kafka Exporter: its metrics port.
    if (strimziName.endsWith('-entity-operator'))
      return { what: o.what, present: new Set(['healthcheck']), absent: none, exhaustive: true };
    if (strimziName.endsWith('-kafka-exporter'))
      return { what: o.what, present: new Set([STRIMZI_METRICS]), absent: none, exhaustive: true };
    if (!strimziName.endsWith('-cruise-control'))
      return { what: o.what, present: none, absent: none, exhaustive: false };
    const metrics = isObj(asObj(kafkaSpec.cruiseControl).metricsConfig);
    return {
      what: o.what,
      present: metrics ? new Set([STRIMZI_METRICS]) : none,
      absent: metrics ? none : new Set([STRIMZI_METRICS]),
      exhaustive: false,
    };
  }
  return { what: o.what, present: none, absent: none, exhaustive: false };
}

/**
 * OPR-PROM-02: a PodMonitor selects pods in the namespaces it watches (its own, or namespaceSelector.matchNames),
 * and each podMetricsEndpoints[].port is a named container port of a selected pod: the pod templates of the
 * unit's workloads, and the pods operators create (CloudNativePG, Strimzi, redis-operator), whose metrics ports
 * exist only when their metrics are enabled. A PodMonitor watching any namespace, or namespaces the unit does
 * not render, cannot be judged inside one unit and is skipped.
 */
export const podMonitorTarget: Rule = {
  id: 'OPR-PROM-02',
  name: 'podmonitor-target',
  group: 'operators',
  severity: 'error',
  scope: 'unit',
  description:
    'A PodMonitor selects pods of the unit (workloads or operator pods, in ' +
    'the namespaces its namespaceSelector names) and each ' +
    'podMetricsEndpoints[].port is a named container port of a selected ' +
    'pod.',
  remediation:
    "Make the PodMonitor's selector and namespaceSelector match pods of the unit and name a container port " +
    'those pods declare.',
  check(ctx) {
    const out: Finding[] = [];
    const unitNamespaces = new Set(ctx.unit.resources.map(namespaceOf));
    const workloads = podSources(ctx.unit);
    const operators = operatorPods(ctx.unit);
    for (const r of ctx.unit.resources) {
      if (!isKind(r, PROMETHEUS, 'PodMonitor')) continue;
      const spec = specOf(r);
      const nsSelector = asObj(spec.namespaceSelector);
      if (nsSelector.any === true) continue;
      const names = asArray(nsSelector.matchNames).map(String);
      const namespaces = names.length ? names : [namespaceOf(r)];
      if (namespaces.some((n) => !unitNamespaces.has(n))) continue;
      const selector = isObj(spec.selector) ? spec.selector : {};
      const matched: PodPorts[] = [
        ...workloads
          .filter((w) => namespaces.includes(w.namespace) && selectorMatches(selector, w.labels))
          .map((w) => ({
            what: `${w.resource.ref.kind} ${nameOf(w.resource)}`,
            present: new Set(w.template.spec ? containerPortNames(w.template.spec) : []),
            absent: new Set<string>(),
            exhaustive: true,
          })),
        ...operators
          .filter((o) => namespaces.includes(o.namespace) && o.labelSets.some((l) => selectorMatches(selector, l)))
          .map((o) => operatorPorts(ctx.unit, o)),
      ];
      if (matched.length === 0) {
        out.push(
          ctx.report(
            r,
            ['spec', 'selector'],
            `PodMonitor ${nameOf(r)} selects no pods: ${describeSelector(selector)} ` +
              `matches no pod template or operator-managed pod in namespace ` +
              `${namespaces.join(', ') || '(none)'} of this unit, so nothing is ` +
              `scraped: expected the labels of the pods to scrape`,
          ),
        );
        continue;
      }
      asArray(spec.podMetricsEndpoints).forEach((e, i) => {
        const port = asObj(e).port;
        if (typeof port !== 'string') return;
        if (matched.some((m) => m.present.has(port))) return;
        if (!matched.every((m) => m.exhaustive || m.absent.has(port))) return;
        const known = [...new Set(matched.flatMap((m) => [...m.present]))];
        out.push(
          ctx.report(
            r,
            ['spec', 'podMetricsEndpoints', i, 'port'],
            `PodMonitor ${nameOf(r)} scrapes port "${port}", which no selected pod ` +
              `(${listOf(matched.map((m) => m.what))}) names` +
              `${known.length ? ` (named ports: ${known.join(', ')})` : ''}` +
              `; expected a containers[].ports[].name of the pods (an operator's ` +
              `metrics port exists only with its metrics enabled)`,
          ),
        );
      });
    }
    return out;
  },
};

function containerPortNames(podSpec: Record<string, unknown>): string[] {
  return ['initContainers', 'containers']
    .flatMap((field) => asArray(podSpec[field]).flatMap((c) => asArray(asObj(c).ports).map((p) => asObj(p).name)))
    .filter((n): n is string => typeof n === 'string');
}
