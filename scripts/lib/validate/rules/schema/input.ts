/**
 * Input that is not what it seems, and builds that do not finish: raised by the loaders (as
 * load findings), reported whatever groups run, since a target or file that could not be read
 * was not checked at all.
 */
import path from 'node:path';
import type { Finding } from '../../../findings.js';
import { BuildError } from '../../../safety/build.js';
import type { Rule } from '../../types.js';

function loadRule(id: string, name: string, description: string, remediation: string): Rule {
  return {
    id,
    name,
    group: 'schema',
    severity: 'error',
    scope: 'unit',
    unitNeeds: 'index',
    description: `${description} Reported whatever \`--only\` says.`,
    remediation,
    waivable: false,
    check: (ctx) => ctx.unit.loadFindings.filter((f) => f.ruleId === id),
  };
}

export const buildFails = loadRule(
  'BLD-001',
  'build-fails',
  'Every deploy target builds with kustomize within the limits ' +
    "(--timeout, --max-memory); the finding carries kustomize's whole " +
    'message and, when a file of the repo does not parse, its ' +
    'file:line:column.',
  "Run `kustomize build` on the target's path and fix the file and line kustomize names; if the " +
    'build is only slow or large, raise --timeout or --max-memory.',
);
export const remoteBase = loadRule(
  'BLD-002',
  'remote-base',
  'No kustomization fetches a remote base (a URL, git@host:repo or ' +
    'host/org/repo in resources, components, ...) unless allowRemoteBases ' +
    'is set in policy.yaml or --allow-remote-bases is given.',
  'Vendor the remote base into the repo (base/ or components/) and reference it by a relative path; ' +
    'only if fetching is intended, set allowRemoteBases in policy.yaml.',
);
export const inputFile = loadRule(
  'INP-001',
  'input-file',
  'Every input is a regular, readable UTF-8 file within the size limit ' +
    '(FIFOs, devices and sockets are skipped, never opened), every ' +
    'directory given holds at least one manifest, and no document is above ' +
    '3 MiB.',
  'Pass regular UTF-8 YAML files (re-encode or remove binary, special or oversized files); split a ' +
    'document above 3 MiB, and point directory arguments at folders that hold manifests.',
);

/** Rule ids reported even when their group is not selected (--only). */
export const ALWAYS_REPORTED: ReadonlySet<string> = new Set(['BLD-001', 'BLD-002', 'INP-001']);

/** A load finding for a target (or kustomization path) that did not build. */
export function buildFinding(
  root: string,
  unit: string,
  kustomizationDir: string,
  message: string,
  error: unknown,
): Finding {
  const rel = (f: string): string => {
    const r = path.relative(root, f);
    return r.startsWith('..') || path.isAbsolute(r) ? f : r.split(path.sep).join('/');
  };
  const located = error instanceof BuildError && error.file !== undefined;
  const file = located
    ? rel((error as BuildError).file as string)
    : `${rel(path.resolve(root, kustomizationDir))}/kustomization.yaml`;
  return {
    ruleId: error instanceof BuildError && error.reason === 'remote' ? 'BLD-002' : 'BLD-001',
    severity: 'error',
    message,
    file,
    line: located ? ((error as BuildError).line ?? 1) : 1,
    path: '',
    unit,
  };
}
