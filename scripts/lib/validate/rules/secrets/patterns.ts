/** What a credential looks like, shared by the secrets rules. Pure functions over strings. */
import type { FieldPath } from '../../../findings.js';
import { isObj } from '../../k8s.js';

/** Names (ConfigMap keys, env names) that say "this value is a credential". */
const CREDENTIAL_NAME = new RegExp(
  'password|passwd|passphrase|token|bearer|secret|api[-_.]?key|private[-_.]?key|access[-_.]?key|' +
    'client[-_.]?secret|credentials?$',
  'i',
);
/** Well-known credential variables whose names the generic pattern misses. */
const KNOWN_CREDENTIAL_NAMES = [
  /^AWS_SECRET_ACCESS_KEY$/i,
  /^AWS_SESSION_TOKEN$/i,
  /^GOOGLE_APPLICATION_CREDENTIALS$/i,
  /^AZURE_.+KEY$/i,
  /^OCI_CLI_KEY_CONTENT$/i,
];
/**
 * Last name segments that make the name about a credential rather than the credential itself:
 * POSTGRES_PASSWORD_FILE is a path, token-ttl-seconds a duration, secret-name a reference.
 */
const NOT_A_VALUE = new Set([
  'file',
  'path',
  'dir',
  'name',
  'ref',
  'length',
  'len',
  'ttl',
  'expiry',
  'expires',
  'expiration',
  'timeout',
  'seconds',
  'minutes',
  'hours',
  'header',
  'endpoint',
  'url',
  'uri',
  'enabled',
  'type',
  'policy',
  'mount',
  'store',
  'issuer',
  'audience',
]);

/** Words that contain a credential word without being one (max-tokens, tokenizer). */
const FALSE_FRIENDS = /^(tokens|tokenizer|tokenize|tokenization)$/i;

/** Whether a key or variable name says its value is a credential. */
export function isCredentialName(name: string): boolean {
  if (KNOWN_CREDENTIAL_NAMES.some((re) => re.test(name))) return true;
  // db-password, DB_PASSWORD, dbPassword: segments split on separators and camelCase.
  const segments = name.split(/[-_.]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
  const meaningful = segments.filter((s) => !FALSE_FRIENDS.test(s)).join('-');
  if (!CREDENTIAL_NAME.test(meaningful)) return false;
  const last = segments[segments.length - 1]?.toLowerCase() ?? '';
  return !NOT_A_VALUE.has(last);
}

/** `$(VAR)`, `${VAR}`, `$VAR`, `{{ .x }}`, `<password>`, `%s`, `***`: a value filled in elsewhere, not a literal. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return v === '' || /^(\$\([^)]*\)|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{.*\}\}|<[^>]*>|%[sv]|\*+)$/s.test(v);
}

/** scheme://user:password@host — the password is group 3. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*):\/\/([^\s:@/?#'"]*):([^\s@/?#'"]+)@([^\s/?#'"]+)/gi;
/** password=... / pwd=... in a query string or a key=value connection string (libpq, JDBC, ADO.NET). */
const PASSWORD_PARAM = /(?:^|[\s;?&])(?:password|pwd)\s*=\s*([^\s;&'"]+)/gi;

/** A connection string with an embedded literal password, described without the password; undefined if none. */
export function embeddedPassword(value: string): string | undefined {
  for (const m of value.matchAll(URL_USERINFO)) {
    const password = m[3] ?? '';
    if (!isPlaceholder(password)) return `${m[1]}://${m[2]}:***@${m[4]}`;
  }
  for (const m of value.matchAll(PASSWORD_PARAM)) {
    const password = m[1] ?? '';
    if (!isPlaceholder(password)) return `a connection string with password=***`;
  }
  return undefined;
}

const PRIVATE_KEY = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY( BLOCK)?-----/;

/** The PEM header of a private key in the text ("RSA PRIVATE KEY"), or undefined. */
export function privateKeyHeader(text: string): string | undefined {
  const m = PRIVATE_KEY.exec(text);
  return m ? `${m[1] ?? ''}PRIVATE KEY${m[2] ?? ''}` : undefined;
}

/** Base64 text decoded to UTF-8, or undefined when it is not base64 of valid UTF-8. */
export function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (compact.length < 4 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) return undefined;
  const bytes = Buffer.from(compact, 'base64');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Every string value of an object with its path (map keys are not values). */
export function* stringsOf(value: unknown, path: FieldPath = []): Generator<{ value: string; path: FieldPath }> {
  if (typeof value === 'string') yield { value, path };
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* stringsOf(value[i], [...path, i]);
  else if (isObj(value)) for (const [k, v] of Object.entries(value)) yield* stringsOf(v, [...path, k]);
}

/** The core v1 Secret, matched as the API server does (case-sensitive kind, core group). */
export function isCoreSecret(object: Record<string, unknown>): boolean {
  return object.apiVersion === 'v1' && object.kind === 'Secret';
}

export function isConfigMap(object: Record<string, unknown>): boolean {
  return object.apiVersion === 'v1' && object.kind === 'ConfigMap';
}
