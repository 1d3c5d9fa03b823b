import type { Finding } from '../../../findings.js';
import { asArray, asObj, ianaServiceName, isObj, isQuantity, parseQuantity, podsOf, podTemplateOf } from '../../k8s.js';
import type { Rule } from '../../types.js';

/** SCH-010: list items the API server keys by a field must be unique (containers, volumes, ports). */
export const listMapUnique: Rule = {
  id: 'SCH-010',
  name: 'list-map-unique',
  group: 'schema',
  severity: 'error',
  scope: 'resource',
  description: 'Container names, volume names and container ports (port + protocol) are unique within a pod.',
  remediation:
    'Rename or remove the repeated container, volume or container port so each name (and port/protocol ' +
    'pair) appears once in the pod.',
  check(ctx) {
    const out: Finding[] = [];
    for (const { resource: r, template, containers } of podsOf(ctx.unit)) {
      const names = new Set<string>();
      for (const c of containers) {
        if (names.has(c.name))
          out.push(
            ctx.report(
              r,
              [...c.path, 'name'],
              `container name "${c.name}" is used twice in the pod (expected unique names)`,
            ),
          );
        names.add(c.name);
        const ports = new Set<string>();
        asArray(c.container.ports).forEach((p, i) => {
          const port = asObj(p);
          const key = `${String(port.containerPort)}/${String(port.protocol ?? 'TCP')}`;
          if (ports.has(key))
            out.push(ctx.report(r, [...c.path, 'ports', i], `container "${c.name}" declares port ${key} twice`));
          ports.add(key);
        });
      }
      const volumes = new Set<string>();
      asArray(template.spec.volumes).forEach((v, i) => {
        const name = String(asObj(v).name);
        if (volumes.has(name))
          out.push(
            ctx.report(
              r,
              [...template.path, 'volumes', i, 'name'],
              `volume name "${name}" is used twice (expected unique names)`,
            ),
          );
        volumes.add(name);
      });
    }
    return out;
  },
};

/** SCH-015: env names unique within a container (the API accepts duplicates; the last one wins silently). */
export const duplicateEnv: Rule = {
  id: 'SCH-015',
  name: 'duplicate-env',
  group: 'schema',
  severity: 'warning',
  scope: 'resource',
  description: 'Environment variable names are unique within a container (the last duplicate silently wins).',
  remediation:
    'Keep one entry per environment variable name in the container; remove the duplicate whose value is not ' +
    'wanted.',
  check(ctx) {
    const out: Finding[] = [];
    for (const { resource: r, containers } of podsOf(ctx.unit)) {
      for (const c of containers) {
        const seen = new Set<string>();
        asArray(c.container.env).forEach((e, i) => {
          const name = String(asObj(e).name);
          if (seen.has(name))
            out.push(
              ctx.report(
                r,
                [...c.path, 'env', i, 'name'],
                `env "${name}" is set twice in container "${c.name}"; only the last value takes effect`,
              ),
            );
          seen.add(name);
        });
      }
    }
    return out;
  },
};

/** SCH-017 / SCH-018: port names are IANA service names, port numbers in range. */
export const portNames: Rule = {
  id: 'SCH-017',
  name: 'port-names',
  group: 'schema',
  severity: 'error',
  scope: 'resource',
  description:
    'Container port names and Service string targetPorts are IANA service ' +
    'names (at most 15 characters, lowercase, a letter).',
  remediation:
    'Rename the port to at most 15 lowercase letters, digits and "-", with at least one letter (e.g. http, ' +
    'grpc-api).',
  check(ctx) {
    const out: Finding[] = [];
    for (const { resource: r, containers } of podsOf(ctx.unit)) {
      for (const c of containers) {
        asArray(c.container.ports).forEach((p, i) => {
          const name = asObj(p).name;
          const problem = typeof name === 'string' ? ianaServiceName(name) : undefined;
          if (problem) out.push(ctx.report(r, [...c.path, 'ports', i, 'name'], problem));
        });
      }
    }
    for (const r of ctx.unit.resources) {
      if (r.ref.kind === 'Service' && r.ref.apiVersion === 'v1') {
        asArray(asObj(r.object.spec).ports).forEach((p, i) => {
          const target = asObj(p).targetPort;
          const problem = typeof target === 'string' && !/^\d+$/.test(target) ? ianaServiceName(target) : undefined;
          if (problem) out.push(ctx.report(r, ['spec', 'ports', i, 'targetPort'], `targetPort: ${problem}`));
        });
      }
    }
    return out;
  },
};

function portProblem(value: unknown, allowZero = false): string | undefined {
  if (typeof value !== 'number') return undefined;
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1) || value > 65535)
    return `port ${value} is out of range (expected 1-65535)`;
  return undefined;
}

export const portRange: Rule = {
  id: 'SCH-018',
  name: 'port-range',
  group: 'schema',
  severity: 'error',
  scope: 'resource',
  description: 'Container ports, Service ports and targetPorts are between 1 and 65535.',
  remediation: 'Use a port number between 1 and 65535.',
  check(ctx) {
    const out: Finding[] = [];
    for (const { resource: r, containers } of podsOf(ctx.unit)) {
      for (const c of containers) {
        asArray(c.container.ports).forEach((p, i) => {
          const port = asObj(p);
          for (const field of ['containerPort', 'hostPort'] as const) {
            // hostPort 0 means "no host port", as the API server reads it.
            const problem = port[field] === undefined ? undefined : portProblem(port[field], field === 'hostPort');
            if (problem) out.push(ctx.report(r, [...c.path, 'ports', i, field], `${field}: ${problem}`));
          }
        });
      }
    }
    for (const r of ctx.unit.resources) {
      if (r.ref.kind === 'Service') {
        asArray(asObj(r.object.spec).ports).forEach((p, i) => {
          const port = asObj(p);
          for (const field of ['port', 'targetPort', 'nodePort'] as const) {
            const problem = portProblem(port[field]);
            if (problem) out.push(ctx.report(r, ['spec', 'ports', i, field], `${field}: ${problem}`));
          }
        });
      }
    }
    return out;
  },
};

/** SCH-019 / SCH-020: resource quantities parse, and requests do not exceed limits. */
export const resourceQuantities: Rule = {
  id: 'SCH-019',
  name: 'resource-quantity',
  group: 'schema',
  severity: 'error',
  scope: 'resource',
  description:
    'Container requests and limits are valid quantities (e.g. 250m, 512Mi) and no request is above its limit.',
  remediation:
    'Write requests and limits as Kubernetes quantities (250m, 1, 512Mi, 2Gi) and keep every request at or ' +
    'below its limit.',
  check(ctx) {
    const out: Finding[] = [];
    for (const { resource: r, containers } of podsOf(ctx.unit)) {
      for (const c of containers) {
        const resources = asObj(c.container.resources);
        for (const kind of ['requests', 'limits'] as const) {
          for (const [res, value] of Object.entries(asObj(resources[kind]))) {
            if (!isQuantity(value))
              out.push(
                ctx.report(
                  r,
                  [...c.path, 'resources', kind, res],
                  `${kind}.${res} ${JSON.stringify(value)} is not a quantity (expected e.g. "250m", "1", "512Mi")`,
                ),
              );
          }
        }
        const requests = asObj(resources.requests);
        const limits = asObj(resources.limits);
        for (const [res, request] of Object.entries(requests)) {
          const req = parseQuantity(request);
          const lim = parseQuantity(limits[res]);
          if (req !== undefined && lim !== undefined && req > lim) {
            out.push(
              ctx.report(
                r,
                [...c.path, 'resources', 'requests', res],
                `container "${c.name}" requests ${res} ${String(request)}, above its ` +
                  `limit ${String(limits[res])} (the API server rejects requests above ` +
                  `limits)`,
              ),
            );
          }
        }
      }
    }
    return out;
  },
};

/** SCH-016: a workload's selector is present and matches its pod template labels. */
export const selectorMatchesTemplate: Rule = {
  id: 'SCH-016',
  name: 'selector-matches-template',
  group: 'schema',
  severity: 'error',
  scope: 'resource',
  description: 'Deployment, StatefulSet, DaemonSet and ReplicaSet selectors exist and match the pod template labels.',
  remediation:
    'Set spec.selector.matchLabels to labels the pod template carries (and keep them unchanged: selectors ' +
    'are immutable once applied).',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      if (!['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(r.ref.kind)) continue;
      const template = podTemplateOf(r.object);
      const selector = asObj(r.object.spec).selector;
      if (
        !isObj(selector) ||
        (Object.keys(asObj(selector.matchLabels)).length === 0 && asArray(selector.matchExpressions).length === 0)
      ) {
        out.push(
          ctx.report(
            r,
            ['spec', 'selector'],
            `${r.ref.kind} has no spec.selector (apps/v1 requires one matching the pod template labels)`,
          ),
        );
        continue;
      }
      const labels = template?.metadata.labels;
      const matchLabels = asObj(selector.matchLabels);
      const mismatched = Object.entries(matchLabels).filter(([k, v]) => asObj(labels)[k] !== v);
      if (mismatched.length > 0) {
        const [k, v] = mismatched[0] as [string, unknown];
        out.push(
          ctx.report(
            r,
            ['spec', 'selector', 'matchLabels', k],
            `selector ${k}=${String(v)} does not match the pod template labels ` +
              `(template has ${k}=${String(asObj(labels)[k] ?? '<unset>')}); the API ` +
              `server rejects it`,
          ),
        );
      }
    }
    return out;
  },
};

/** SCH-021: HPA minReplicas at most maxReplicas, both at least 1. */
export const hpaReplicaRange: Rule = {
  id: 'SCH-021',
  name: 'hpa-replica-range',
  group: 'schema',
  severity: 'error',
  scope: 'resource',
  description: 'A HorizontalPodAutoscaler has 1 <= minReplicas <= maxReplicas.',
  remediation: 'Set minReplicas to at least 1 and no more than maxReplicas.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      if (r.ref.kind !== 'HorizontalPodAutoscaler') continue;
      const spec = asObj(r.object.spec);
      const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
      const max = spec.maxReplicas;
      if (typeof max !== 'number') continue;
      if (min > max)
        out.push(
          ctx.report(
            r,
            ['spec', 'minReplicas'],
            `minReplicas ${min} is above maxReplicas ${max} (expected minReplicas <= maxReplicas)`,
          ),
        );
      if (max < 1) out.push(ctx.report(r, ['spec', 'maxReplicas'], `maxReplicas ${max} must be at least 1`));
    }
    return out;
  },
};
