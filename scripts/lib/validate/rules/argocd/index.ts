import type { Rule } from '../../types.js';
import {
  applicationSchema,
  hpaIgnoreDifferences,
  prodDrSameTemplate,
  sharedResource,
  templateParameter,
} from './applications.js';
import { clusterRegistration } from './cluster-registration.js';
import { projectPermits } from './project-permits.js';
import { syncAnnotations } from './sync-annotations.js';
import { applicationSyncPolicy, appsetGeneration } from './sync-policy.js';

/** The argocd rules, in report order. */
export const ARGOCD_RULES: readonly Rule[] = [
  applicationSchema,
  projectPermits,
  templateParameter,
  syncAnnotations,
  sharedResource,
  prodDrSameTemplate,
  clusterRegistration,
  hpaIgnoreDifferences,
  appsetGeneration,
  applicationSyncPolicy,
];
