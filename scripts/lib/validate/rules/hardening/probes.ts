import type { Finding } from '../../../findings.js';
import { asArray, asObj, isObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { podsOf } from '../security/pods.js';

const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** REL-03: long-running workloads tell Kubernetes when a container is alive and when it is ready. */
export const probesDefined: Rule = {
  id: 'REL-03',
  name: 'probes',
  group: 'hardening',
  severity: 'warning',
  scope: 'resource',
  description:
    'Containers of long-running workloads (Deployment, StatefulSet, ' +
    'DaemonSet) define a livenessProbe and a readinessProbe.',
  remediation:
    'Add a livenessProbe and a readinessProbe to each container of the Deployment, StatefulSet or DaemonSet.',
  check(ctx) {
    const out: Finding[] = [];
    for (const pod of podsOf(ctx.unit)) {
      if (!LONG_RUNNING.has(pod.resource.ref.kind)) continue;
      for (const c of pod.containers) {
        if (c.init) continue;
        if (!isObj(c.container.livenessProbe))
          out.push(
            ctx.report(
              pod.resource,
              c.path,
              `container "${c.name}" has no livenessProbe (a hung process is never restarted)`,
            ),
          );
        if (!isObj(c.container.readinessProbe))
          out.push(
            ctx.report(
              pod.resource,
              c.path,
              `container "${c.name}" has no readinessProbe (it receives traffic before it is ready)`,
            ),
          );
      }
    }
    return out;
  },
};

/** REL-04: a probe's port is one the container declares. */
export const probePort: Rule = {
  id: 'REL-04',
  name: 'probe-port',
  group: 'hardening',
  severity: 'error',
  scope: 'resource',
  description:
    'The port of every httpGet, tcpSocket and grpc probe (liveness, ' +
    'readiness, startup) — a number or a port name — is declared in the ' +
    "container's ports.",
  remediation: 'Point the probe at a port the container declares (a number or a ports[].name), or declare the port.',
  check(ctx) {
    const out: Finding[] = [];
    for (const pod of podsOf(ctx.unit)) {
      for (const c of pod.containers) {
        const ports = asArray(c.container.ports).map(asObj);
        const names = new Set(ports.map((p) => p.name).filter((n): n is string => typeof n === 'string'));
        const numbers = new Set(ports.map((p) => p.containerPort).filter((n): n is number => typeof n === 'number'));
        const declared = [
          ...ports.map((p) =>
            typeof p.name === 'string' ? `${p.name} (${String(p.containerPort)})` : String(p.containerPort),
          ),
        ];
        for (const probe of PROBES) {
          const spec = asObj(c.container[probe]);
          for (const handler of ['httpGet', 'tcpSocket', 'grpc'] as const) {
            if (!isObj(spec[handler])) continue;
            const port = spec[handler].port;
            if (port === undefined || port === null) continue;
            const numeric =
              typeof port === 'number'
                ? port
                : typeof port === 'string' && /^\d+$/.test(port)
                  ? Number(port)
                  : undefined;
            const ok = numeric !== undefined ? numbers.has(numeric) : typeof port === 'string' && names.has(port);
            if (ok) continue;
            const list = declared.length > 0 ? `declared: ${declared.join(', ')}` : 'the container declares no ports';
            const what = numeric !== undefined ? `port ${numeric}` : `port name ${JSON.stringify(port)}`;
            out.push(
              ctx.report(
                pod.resource,
                [...c.path, probe, handler, 'port'],
                `container "${c.name}" ${probe} probes ${what}, which the container ` +
                  `does not declare in ports (${list})`,
              ),
            );
          }
        }
      }
    }
    return out;
  },
};
