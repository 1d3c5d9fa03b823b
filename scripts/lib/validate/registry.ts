import type { Rule } from './types.js';
import { duplicateKey, typeMeta, yamlParse } from './rules/schema/load-errors.js';
import { buildFails, inputFile, remoteBase } from './rules/schema/input.js';
import { removedApiRule } from './rules/schema/removed-api.js';
import { schemaKnown } from './rules/schema/schema-known.js';
import { schemaConformance } from './rules/schema/schema-conformance.js';
import { unknownField } from './rules/schema/unknown-field.js';
import { objectMeta } from './rules/schema/object-meta.js';
import { duplicateResource } from './rules/schema/duplicate-resource.js';
import { celRules, celSkipped, deprecatedCrdVersion, kafkaVersion } from './rules/schema/crd-rules.js';
import { SECURITY_RULES } from './rules/security/index.js';
import { HARDENING_RULES } from './rules/hardening/index.js';
import { SECRETS_RULES } from './rules/secrets/index.js';
import { REFERENCES_RULES } from './rules/references/index.js';
import { CAPACITY_RULES } from './rules/capacity/index.js';
import { ARGOCD_RULES } from './rules/argocd/index.js';
import { DR_RULES } from './rules/dr/index.js';
import { SERVER_RULES } from './rules/server/index.js';
import { OPERATORS_RULES } from './rules/operators/index.js';
import {
  duplicateEnv,
  hpaReplicaRange,
  listMapUnique,
  portNames,
  portRange,
  resourceQuantities,
  selectorMatchesTemplate,
} from './rules/schema/pod-fields.js';

/** WVR-001 is raised by the engine itself (scripts/lib/validate/engine.ts) whatever groups run; listed for --list-rules
 * and policy.yaml.
 */
const waiverRule: Rule = {
  id: 'WVR-001',
  name: 'waiver',
  group: 'schema',
  severity: 'error',
  description:
    'A waiver annotation (waive.his.zarishsphere.com/<RULE-ID>) names a ' +
    'known rule, gives a reason, and its [expires=YYYY-MM-DD] is a real ' +
    'date not in the past.',
  check: () => [],
};

/** Every check, in report order. A new check is one module plus one line here. */
export const RULES: readonly Rule[] = [
  buildFails,
  remoteBase,
  inputFile,
  yamlParse,
  duplicateKey,
  typeMeta,
  removedApiRule,
  deprecatedCrdVersion,
  schemaKnown,
  schemaConformance,
  unknownField,
  celRules,
  celSkipped,
  kafkaVersion,
  objectMeta,
  listMapUnique,
  duplicateResource,
  duplicateEnv,
  selectorMatchesTemplate,
  portNames,
  portRange,
  resourceQuantities,
  hpaReplicaRange,
  waiverRule,
  ...SECURITY_RULES,
  ...HARDENING_RULES,
  ...SECRETS_RULES,
  ...REFERENCES_RULES,
  ...CAPACITY_RULES,
  ...ARGOCD_RULES,
  ...DR_RULES,
  ...SERVER_RULES,
  ...OPERATORS_RULES,
];
