import { fixture, type RuleCase, type RuleTable } from '../tester.js';

const fixtures = ['OPR-PROM-02-podmonitor-target'].map(fixture);

const podMonitor = (
  name: string,
  labels: string,
  ports: string[],
  extra = '',
): string => `apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: {${labels}}
${extra}  podMetricsEndpoints:
${ports.map((p) => `    - port: ${p}`).join('\n')}
`;

const cnpg = `apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata:
  name: db
spec:
  instances: 2
---
apiVersion: postgresql.cnpg.io/v1
kind: Pooler
metadata:
  name: db-pooler
spec:
  cluster: {name: db}
  instances: 2
  type: rw
`;

/** A Kafka (own brokers, no node pools) with three listeners, metrics on request, and its side pods. */
const kafka = (kafkaExtra: string, sides: string): string => `apiVersion: kafka.strimzi.io/v1beta2
kind: Kafka
metadata:
  name: events
spec:
  kafka:
    replicas: 3
    listeners:
      - {name: plain, port: 9092, type: internal, tls: false}
      - {name: tls, port: 9093, type: internal, tls: true}
      - {name: external, port: 9094, type: nodeport, tls: false}
      - {name: other, port: 9095, type: internal, tls: false}
${kafkaExtra}${sides}`;

const KAFKA_SIDES =
  '  entityOperator: {topicOperator: {}}\n  kafkaExporter: {}\n' +
  '  cruiseControl:\n    metricsConfig: {type: jmxPrometheusExporter, valueFrom: {configMapKeyRef: ' +
  '{name: m, key: k}}}\n';
const METRICS = '    metricsConfig: {type: jmxPrometheusExporter, valueFrom: {configMapKeyRef: {name: m, key: k}}}\n';
const strimzi = (suffix: string): string => `strimzi.io/cluster: events, strimzi.io/name: events-${suffix}`;

const redis = (exporter: boolean): string => `apiVersion: redis.redis.opstreelabs.in/v1beta2
kind: RedisCluster
metadata:
  name: cache
spec:
  clusterSize: 3
  redisExporter: {enabled: ${exporter}, image: quay.io/opstree/redis-exporter:v1.44.0}
`;

const docs = (...parts: string[]): string => parts.join('---\n');

const valid: RuleCase[] = [
  {
    name: 'cnpg-ports',
    yaml: docs(
      cnpg,
      podMonitor('db', 'cnpg.io/cluster: db', ['metrics', 'postgresql']),
      podMonitor('pool', 'cnpg.io/poolerName: db-pooler', ['pgbouncer']),
    ),
  },
  {
    name: 'strimzi-listener-ports',
    yaml: docs(
      kafka(METRICS, KAFKA_SIDES),
      podMonitor('brokers', strimzi('kafka'), [
        'tcp-clients',
        'tcp-clientstls',
        'tcp-external',
        'tcp-other',
        'tcp-prometheus',
      ]),
      podMonitor('eo', strimzi('entity-operator'), ['healthcheck']),
      podMonitor('exporter', strimzi('kafka-exporter'), ['tcp-prometheus']),
      podMonitor('cc', strimzi('cruise-control'), ['tcp-prometheus']),
    ),
  },
  {
    name: 'redis-exporter-enabled',
    yaml: docs(redis(true), podMonitor('cache', 'app: cache-leader', ['redis-exporter'])),
  },
  {
    name: 'jmx-options-unknown-ports',
    yaml: docs(kafka('    jmxOptions: {}\n', ''), podMonitor('brokers', strimzi('kafka'), ['anything'])),
  },
  {
    name: 'zookeeper-unknown-ports',
    yaml: docs(kafka('', '  zookeeper: {replicas: 3}\n'), podMonitor('zk', strimzi('zookeeper'), ['anything'])),
  },
  { name: 'any-namespace', yaml: podMonitor('all', 'app: x', ['metrics'], '  namespaceSelector: {any: true}\n') },
  {
    name: 'other-namespace',
    yaml: podMonitor('elsewhere', 'app: x', ['metrics'], '  namespaceSelector: {matchNames: [monitoring]}\n'),
  },
  // a non-string port (a number) is not checked by name
  { name: 'numeric-port', yaml: docs(cnpg, podMonitor('db', 'cnpg.io/cluster: db', ['9187'])) },
];

const at = (line: number, i: number, message: string) => ({
  line,
  path: `spec.podMetricsEndpoints[${i}].port`,
  message,
});

const invalid: RuleCase[] = [
  {
    name: 'cnpg-wrong-ports',
    yaml: docs(
      cnpg,
      podMonitor('db', 'cnpg.io/cluster: db', ['metric']),
      podMonitor('pool', 'cnpg.io/poolerName: db-pooler', ['postgresql']),
    ),
    expect: [at(25, 0, 'PodMonitor db scrapes port "metric"'), at(35, 0, 'scrapes port "postgresql"')],
  },
  {
    name: 'strimzi-side-pods',
    yaml: docs(
      kafka('', '  entityOperator: {topicOperator: {}}\n  kafkaExporter: {}\n  cruiseControl: {}\n'),
      podMonitor('brokers', strimzi('kafka'), ['tcp-prometheus']),
      podMonitor('eo', strimzi('entity-operator'), ['tcp-prometheus']),
      podMonitor('exporter', strimzi('kafka-exporter'), ['metrics']),
      podMonitor('cc', strimzi('cruise-control'), ['tcp-prometheus']),
    ),
    expect: [
      at(
        25,
        0,
        '(named ports: tcp-ctrlplane, tcp-replication, tcp-kafkaagent, tcp-clients, tcp-clientstls, ' +
          'tcp-external, tcp-other)',
      ),
      at(35, 0, '(named ports: healthcheck)'),
      at(45, 0, '(named ports: tcp-prometheus)'),
      at(55, 0, 'PodMonitor cc scrapes port "tcp-prometheus"'),
    ],
  },
  {
    name: 'selects-nothing-in-watched-namespace',
    yaml: docs(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lab\n  namespace: lab\n',
      podMonitor('lab', 'app: lab', ['metrics'], '  namespaceSelector: {matchNames: [lab]}\n'),
    ),
    expect: [{ line: 12, path: 'spec.selector', message: 'in namespace lab of this unit' }],
  },
];

export default {
  rule: 'OPR-PROM-02',
  valid: [...fixtures.map((f) => f.valid), ...valid],
  invalid: [...fixtures.map((f) => f.invalid), ...invalid],
} satisfies RuleTable;
