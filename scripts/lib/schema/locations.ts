/**
 * Where custom-resource schemas are looked up: the project's schema folders and `--schema-location`s,
 * each a folder or http(s) base in kubeconform layout (`<group>/<kind lowercase>_<version>.json`) or a
 * path/URL template with placeholders.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { unknownValue } from '../suggest.js';

export interface SplitGvk {
  readonly group: string;
  readonly version: string;
  /** as written, e.g. KafkaNodePool */
  readonly kind: string;
}

export interface Location {
  readonly remote: boolean;
  resolve(gvk: SplitGvk): string | undefined;
}

export function splitGvk(apiVersion: string, kind: string): SplitGvk | undefined {
  const slash = apiVersion.indexOf('/');
  if (slash <= 0 || !kind) return undefined; // core kinds are not custom resources
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind };
}

const HTTP = /^https?:\/\//i;

/** Placeholders a --schema-location template may use: ours, and kubeconform's Go-template ones. */
const PLACEHOLDERS = ['{group}', '{kind}', '{version}'];
const GO_PLACEHOLDERS = [
  '{{ .Group }}',
  '{{ .ResourceKind }}',
  '{{ .Kind }}',
  '{{ .ResourceAPIVersion }}',
  '{{ .StrictSuffix }}',
];

/** A mistyped placeholder would silently never match: refuse it, naming the nearest valid one. */
export function checkTemplate(value: string): void {
  for (const m of value.matchAll(/\{\{\s*\.?(\w*)\s*\}\}|\{(\w*)\}/g)) {
    const go = m[1] !== undefined;
    const ok = go ? GO_PLACEHOLDERS.some((p) => p.replace(/\s/g, '') === `{{.${m[1]}}}`) : PLACEHOLDERS.includes(m[0]);
    if (ok) continue;
    const all = [...PLACEHOLDERS, ...GO_PLACEHOLDERS];
    const expected = `${PLACEHOLDERS.join(' ')} or kubeconform's ${GO_PLACEHOLDERS.join(' ')}`;
    throw new UsageError(`--schema-location ${value}: ${unknownValue('placeholder', m[0], all, expected)}`);
  }
}

export function parseLocation(value: string, isProjectDir: boolean): Location {
  const remote = HTTP.test(value);
  if (!isProjectDir) checkTemplate(value);
  if (!isProjectDir && /\{/.test(value)) {
    return { remote, resolve: (gvk) => fillTemplate(value, gvk) };
  }
  const base = remote ? value.replace(/\/+$/, '') : path.resolve(value);
  return {
    remote,
    resolve: (gvk) => {
      const rel = `${gvk.group}/${gvk.kind.toLowerCase()}_${gvk.version}.json`;
      return remote ? `${base}/${rel}` : path.join(base, ...rel.split('/'));
    },
  };
}

function fillTemplate(template: string, gvk: SplitGvk): string | undefined {
  const kind = gvk.kind.toLowerCase();
  let unknown = false;
  const filled = template
    .replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_m, name: string) => {
      switch (name) {
        case 'Group':
          return gvk.group;
        case 'ResourceKind':
        case 'Kind':
          return kind;
        case 'ResourceAPIVersion':
          return gvk.version;
        case 'StrictSuffix':
          return '';
        default:
          unknown = true;
          return '';
      }
    })
    .replace(/\{(group|kind|version)\}/g, (_m, name: string) =>
      name === 'group' ? gvk.group : name === 'kind' ? kind : gvk.version,
    );
  return unknown ? undefined : filled;
}
