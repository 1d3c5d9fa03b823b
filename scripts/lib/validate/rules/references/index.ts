import type { Rule } from '../../types.js';
import { configRefs } from './config-refs.js';
import { hpaTargetRule } from './hpa-target.js';
import { hpaVsReplicas } from './hpa-vs-replicas.js';
import { ingressBackend } from './ingress-backend.js';
import { networkPolicyCoverage } from './network-policy-coverage.js';
import { pdbAllowsEviction } from './pdb-allows-eviction.js';
import { pdbSelects } from './pdb-selects.js';
import { rbacRoleRef } from './rbac-roleref.js';
import { serviceAccountExists } from './serviceaccount-exists.js';
import { serviceMonitorTarget } from './servicemonitor-target.js';
import { serviceSelectsPods } from './service-selects-pods.js';

/** The references rules, in report order. Each looks only inside one unit. */
export const REFERENCES_RULES: readonly Rule[] = [
  serviceSelectsPods,
  ingressBackend,
  hpaTargetRule,
  serviceAccountExists,
  configRefs,
  pdbSelects,
  pdbAllowsEviction,
  rbacRoleRef,
  serviceMonitorTarget,
  hpaVsReplicas,
  networkPolicyCoverage,
];
