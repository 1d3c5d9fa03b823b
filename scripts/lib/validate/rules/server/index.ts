import type { Rule } from '../../types.js';

/**
 * The server group: verdicts of a real kube-apiserver (scripts/lib/server/). Its findings need a
 * running control plane, so validate/run.ts produces them (asynchronously, after rendering) and the
 * engine turns them into findings with the rule's severity and waivers: the rules have no check.
 */
const serverRule = (
  id: string,
  name: string,
  severity: Rule['severity'],
  description: string,
  remediation: string,
): Rule => ({
  id,
  name,
  group: 'server',
  severity,
  scope: 'resource',
  description,
  remediation,
  raisedBy: 'server',
});

export const SERVER_REJECTED = serverRule(
  'SRV-001',
  'server-rejects',
  'error',
  'A real kube-apiserver of the target version (validate --server) ' +
    'accepts the resource in a server-side apply dry run: built-in ' +
    "validation, defaulting, the CRD's structural schema and CEL rules, " +
    "admission. The finding is the server's message, at the field it names.",
  "Fix what the API server's message names at that field; it is the verdict the cluster will give on sync.",
);

export const SERVER_POD_SECURITY = serverRule(
  'SRV-002',
  'server-pod-security',
  'warning',
  "The API server's Pod Security admission returns no warning for the " +
    'resource, in its namespace as the repo labels it (validate --server).',
  "Change the pod spec to meet its namespace's Pod Security level (the security group's findings " +
    'name the field), or label the namespace with the level the workload needs.',
);

export const SERVER_WARNING = serverRule(
  'SRV-003',
  'server-warning',
  'warning',
  'The API server returns no other warning for the resource (a ' +
    'deprecated API, a duplicate list entry, ...) (validate --server).',
  "Act on the API server's warning (e.g. move to the API version it names, remove the duplicate entry).",
);

export const SERVER_RULES: readonly Rule[] = [SERVER_REJECTED, SERVER_POD_SECURITY, SERVER_WARNING];
