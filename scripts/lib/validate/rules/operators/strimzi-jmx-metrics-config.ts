import type { Finding } from '../../../findings.js';
import { asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { nameOf, namespaceOf, resourcesOf } from '../references/workloads.js';
import { findNamed, inNamespace, specOf, STRIMZI } from './shared.js';

/** Components of a Kafka that take a metricsConfig. */
const COMPONENTS = ['kafka', 'cruiseControl'] as const;

/**
 * OPR-KAFKA-05: metricsConfig type jmxPrometheusExporter reads the exporter's rules from
 * valueFrom.configMapKeyRef; Strimzi cannot start the pods when that ConfigMap or key is missing.
 */
export const strimziJmxMetricsConfig: Rule = {
  id: 'OPR-KAFKA-05',
  name: 'strimzi-jmx-metrics-config',
  group: 'operators',
  severity: 'error',
  scope: 'unit',
  description:
    'A Strimzi metricsConfig of type jmxPrometheusExporter has ' +
    "valueFrom.configMapKeyRef naming a ConfigMap rendered in the Kafka's " +
    'namespace with that key.',
  remediation: "Add the ConfigMap with that key to the Kafka's namespace, or fix configMapKeyRef name and key.",
  check(ctx) {
    const out: Finding[] = [];
    for (const kafka of resourcesOf(ctx.unit, STRIMZI, 'Kafka')) {
      const namespace = namespaceOf(kafka);
      for (const component of COMPONENTS) {
        const metrics = asObj(asObj(specOf(kafka)[component]).metricsConfig);
        if (metrics.type !== 'jmxPrometheusExporter') continue;
        const ref = asObj(asObj(metrics.valueFrom).configMapKeyRef);
        const base = ['spec', component, 'metricsConfig'];
        if (typeof ref.name !== 'string' || typeof ref.key !== 'string') {
          out.push(
            ctx.report(
              kafka,
              base,
              `Kafka ${nameOf(kafka)}: spec.${component}.metricsConfig is ` +
                `jmxPrometheusExporter without valueFrom.configMapKeyRef name and key; ` +
                `the exporter has no configuration: expected valueFrom.configMapKeyRef ` +
                `naming a ConfigMap and the key of the exporter rules`,
            ),
          );
          continue;
        }
        const configMap = findNamed(ctx.unit, '', 'ConfigMap', ref.name, namespace);
        if (!configMap) {
          out.push(
            ctx.report(
              kafka,
              [...base, 'valueFrom', 'configMapKeyRef', 'name'],
              `Kafka ${nameOf(kafka)}: the JMX Prometheus exporter reads ConfigMap ` +
                `${ref.name}, which is not rendered${inNamespace(namespace)}; Strimzi ` +
                `cannot configure the exporter: expected a ConfigMap ${ref.name} with ` +
                `key ${ref.key} (a configMapGenerator adds a hash suffix unless ` +
                `disableNameSuffixHash)`,
            ),
          );
          continue;
        }
        const data = { ...asObj(configMap.object.data), ...asObj(configMap.object.binaryData) };
        if (Object.hasOwn(data, ref.key)) continue;
        out.push(
          ctx.report(
            kafka,
            [...base, 'valueFrom', 'configMapKeyRef', 'key'],
            `Kafka ${nameOf(kafka)}: ConfigMap ${ref.name} has no key ${ref.key}` +
              ` (keys: ${Object.keys(data).join(', ') || 'none'}); Strimzi cannot ` +
              `configure the JMX Prometheus exporter: expected the key that holds ` +
              `the exporter rules`,
          ),
        );
      }
    }
    return out;
  },
};
