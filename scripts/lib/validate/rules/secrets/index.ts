import type { Rule } from '../../types.js';
import { configMapCredentialKey } from './configmap-credential-key.js';
import { connectionString } from './connection-string.js';
import { literalSecretEnv } from './literal-secret-env.js';
import { plainSecret } from './plain-secret.js';
import { privateKeyMaterial } from './private-key-material.js';

/** The secrets rules, in report order. */
export const SECRETS_RULES: readonly Rule[] = [
  plainSecret,
  configMapCredentialKey,
  privateKeyMaterial,
  literalSecretEnv,
  connectionString,
];
