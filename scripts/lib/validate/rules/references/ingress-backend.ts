import type { FieldPath, Finding } from '../../../findings.js';
import { asArray, asObj, isObj, type Obj } from '../../k8s.js';
import type { Resource, Rule } from '../../types.js';
import { isKind, listOf, namespaceOf, nameOf } from './workloads.js';

interface Backend {
  readonly path: FieldPath;
  readonly service: string;
  readonly portNumber?: number;
  readonly portName?: string;
  /** path of the service name and of the port inside the backend */
  readonly namePath: FieldPath;
  readonly portPath: FieldPath;
}

/** networking.k8s.io/v1 backend { service: { name, port: { number | name } } }, or the old { serviceName, servicePort
 * }.
 */
function backendOf(value: unknown, path: FieldPath): Backend | undefined {
  if (!isObj(value)) return undefined;
  if (isObj(value.service)) {
    const service = value.service;
    const port = asObj(service.port);
    return {
      path,
      service: String(service.name ?? ''),
      namePath: [...path, 'service', 'name'],
      portPath: [...path, 'service', 'port', typeof port.number === 'number' ? 'number' : 'name'],
      ...(typeof port.number === 'number' ? { portNumber: port.number } : {}),
      ...(typeof port.name === 'string' ? { portName: port.name } : {}),
    };
  }
  if (typeof value.serviceName === 'string') {
    const sp = value.servicePort;
    return {
      path,
      service: value.serviceName,
      namePath: [...path, 'serviceName'],
      portPath: [...path, 'servicePort'],
      ...(typeof sp === 'number'
        ? { portNumber: sp }
        : typeof sp === 'string' && /^\d+$/.test(sp)
          ? { portNumber: Number(sp) }
          : typeof sp === 'string'
            ? { portName: sp }
            : {}),
    };
  }
  return undefined; // a resource backend: not a Service
}

function backendsOf(ingress: Obj): Backend[] {
  const spec = asObj(ingress.spec);
  const out: Backend[] = [];
  for (const field of ['defaultBackend', 'backend'] as const) {
    const b = backendOf(spec[field], ['spec', field]);
    if (b) out.push(b);
  }
  asArray(spec.rules).forEach((rule, i) => {
    asArray(asObj(asObj(rule).http).paths).forEach((p, j) => {
      const b = backendOf(asObj(p).backend, ['spec', 'rules', i, 'http', 'paths', j, 'backend']);
      if (b) out.push(b);
    });
  });
  return out;
}

/** REF-02: every Ingress backend names a Service of the unit, in the Ingress's namespace, that exposes the port. */
export const ingressBackend: Rule = {
  id: 'REF-02',
  name: 'ingress-backend',
  group: 'references',
  severity: 'error',
  scope: 'unit',
  description:
    'Each Ingress rule and default backend names a Service in the same ' +
    'namespace of the unit that exposes the referenced port number or name.',
  remediation:
    'Point the backend at a Service of the unit in the same namespace and at a port (number or name) that ' +
    'Service exposes.',
  check(ctx) {
    const out: Finding[] = [];
    const services = ctx.unit.resources.filter((r) => r.ref.kind === 'Service' && r.ref.apiVersion === 'v1');
    for (const r of ctx.unit.resources) {
      if (!isKind(r, 'networking.k8s.io', 'Ingress') && !isKind(r, 'extensions', 'Ingress')) continue;
      const namespace = namespaceOf(r);
      for (const b of backendsOf(r.object)) {
        const service: Resource | undefined = services.find(
          (s) => s.ref.name === b.service && namespaceOf(s) === namespace,
        );
        if (!service) {
          out.push(
            ctx.report(
              r,
              b.namePath,
              `Ingress ${nameOf(r)} routes to Service "${b.service}", which is not ` +
                `in this unit${namespace ? ` (namespace ${namespace})` : ''}; expected ` +
                `the name of a Service defined with it`,
            ),
          );
          continue;
        }
        const ports = asArray(asObj(service.object.spec).ports).map((p) => asObj(p));
        const shown = ports.map((p) => (typeof p.name === 'string' ? `${p.name} (${String(p.port)})` : String(p.port)));
        if (b.portNumber !== undefined && !ports.some((p) => p.port === b.portNumber)) {
          out.push(
            ctx.report(
              r,
              b.portPath,
              `Ingress ${nameOf(r)} routes to port ${b.portNumber} of Service ` +
                `${b.service}, which exposes ` +
                `${shown.length ? listOf(shown, 6) : 'no ports'}; expected one of its ` +
                `spec.ports[].port`,
            ),
          );
        } else if (b.portName !== undefined && !ports.some((p) => p.name === b.portName)) {
          out.push(
            ctx.report(
              r,
              b.portPath,
              `Ingress ${nameOf(r)} routes to port "${b.portName}" of Service ` +
                `${b.service}, which exposes ` +
                `${shown.length ? listOf(shown, 6) : 'no ports'}; expected one of its ` +
                `spec.ports[].name`,
            ),
          );
        }
      }
    }
    return out;
  },
};
