/**
 * Input that is not what it seems, and builds that do not finish: raised by the loaders (as
 * load findings), reported whatever groups run, since a target or file that could not be read
 * was not checked at all.
 */
import path from 'node:path';
import type { Finding } from '../../../findings.js';
import { BuildError } from '../../../safety/build.js';
import type { Rule } from '../../types.js';

function loadRule(id: string, name: string, description: string): Rule {
  return {
    id,
    name,
    group: 'schema',
    severity: 'error',
    description,
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
);
export const remoteBase = loadRule(
  'BLD-002',
  'remote-base',
  'No kustomization fetches a remote base (a URL, git@host:repo or ' +
    'host/org/repo in resources, components, ...) unless allowRemoteBases ' +
    'is set in policy.yaml or --allow-remote-bases is given.',
);
export const inputFile = loadRule(
  'INP-001',
  'input-file',
  'Every input is a regular, readable UTF-8 file within the size limit ' +
    '(FIFOs, devices and sockets are skipped, never opened), every ' +
    'directory given holds at least one manifest, and no document is above ' +
    '3 MiB.',
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
