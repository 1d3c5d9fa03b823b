import type { Rule } from '../../types.js';
import { barmanObjectStoreServerName } from './barman-objectstore-servername.js';
import { cnpgBarmanObjectRef } from './cnpg-barman-object-ref.js';
import { cnpgClusterRef } from './cnpg-cluster-ref.js';
import { cnpgImageCatalog } from './cnpg-image-catalog.js';
import { cnpgPromotionToken } from './cnpg-promotion-token.js';
import { cnpgReplicaBootstrap } from './cnpg-replica-bootstrap.js';
import { cnpgReplicaEnabledPrimary } from './cnpg-replica-enabled-primary.js';
import { cnpgReplicaExternalCluster } from './cnpg-replica-external-cluster.js';
import { esoStoreRef } from './eso-store-ref.js';
import { grafanaDashboardJson } from './grafana-dashboard-json.js';
import { podMonitorTarget } from './podmonitor-target.js';
import { promqlParses } from './promql-parses.js';
import { redisClusterSize } from './redis-cluster-size.js';
import { strimziClusterLabel } from './strimzi-cluster-label.js';
import { strimziJmxMetricsConfig } from './strimzi-jmx-metrics-config.js';
import { strimziKraftNodePools } from './strimzi-kraft-node-pools.js';
import { strimziMinInsync } from './strimzi-min-insync.js';
import { strimziTopicReplicas } from './strimzi-topic-replicas.js';

/**
 * The operators rules, in report order: what the operators' admission webhooks and controllers reject or break
 * on that no CRD schema expresses. Each looks only inside one unit.
 */
export const OPERATORS_RULES: readonly Rule[] = [
  cnpgReplicaEnabledPrimary,
  cnpgReplicaExternalCluster,
  cnpgPromotionToken,
  cnpgImageCatalog,
  cnpgReplicaBootstrap,
  cnpgClusterRef,
  cnpgBarmanObjectRef,
  barmanObjectStoreServerName,
  strimziKraftNodePools,
  strimziClusterLabel,
  strimziTopicReplicas,
  strimziMinInsync,
  strimziJmxMetricsConfig,
  redisClusterSize,
  esoStoreRef,
  promqlParses,
  podMonitorTarget,
  grafanaDashboardJson,
];
