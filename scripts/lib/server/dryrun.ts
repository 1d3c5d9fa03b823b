/**
 * What a real API server says about rendered resources: the CRDs installed, each target's
 * namespaces created for real with their Pod Security labels, then a server-side apply of every
 * resource with dryRun=All (fieldValidation=Strict). Rejections, Pod Security warnings and other
 * warnings come back as issues at the field the server names; validate/run.ts turns them into
 * SRV-001/SRV-002/SRV-003 findings located where the repo writes the value.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FieldPath } from '../findings.js';
import { mapLimit } from '../fsutil.js';
import { asArray, asObj } from '../validate/k8s.js';
import type { Resource, Unit } from '../model/types.js';
import { statusMessage, type ApiClient } from './client.js';
import { ToolError } from '../errors.js';

export const FIELD_MANAGER = 'zarish-his-validate';

export interface ServerIssue {
  readonly ruleId: 'SRV-001' | 'SRV-002' | 'SRV-003';
  readonly resource: Resource;
  readonly path: FieldPath;
  readonly message: string;
}

/** A CRD to install, with the repo file it comes from (for messages). */
export interface CrdToInstall {
  readonly file: string;
  readonly object: Record<string, unknown>;
}

export interface DryRunOptions {
  /** create namespaces and install CRDs (the local control plane); false against a real cluster: read-only */
  readonly manage: boolean;
  readonly concurrency?: number | undefined;
}

export interface DryRunResult {
  readonly issues: ServerIssue[];
  /** things not checked, said once (a namespace missing on a real cluster) */
  readonly notes: string[];
}

interface Served {
  readonly plural: string;
  readonly namespaced: boolean;
}

/** "spec.template.spec.containers[0].ports[1].name", "metadata.labels[app]" → a field path. */
/** ".spec.foo: ..." in a strict-decoding or typed-patch error: the top-level fields a path starts with. */
const FIELD_IN_MESSAGE = new RegExp(
  '(?:^|[\\s(])\\.?((?:spec|metadata|data|stringData|status|rules|subjects|roleRef|webhooks|template)' +
    '[\\w.[\\]/-]*): ',
);

export function parseFieldPath(field: string): FieldPath {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (const m of field.replace(/^\./, '').matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(/^\d+$/.test(m[2] as string) ? Number(m[2]) : (m[2] as string));
  }
  return out;
}

/** Where a pod template's spec is, per workload kind. */
export function podSpecPath(kind: string): FieldPath | undefined {
  if (kind === 'Pod') return ['spec'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  if (
    ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController', 'PodTemplate'].includes(
      kind,
    )
  )
    return kind === 'PodTemplate' ? ['template', 'spec'] : ['spec', 'template', 'spec'];
  return undefined;
}

/** A Pod Security warning names containers: locate it at the first one's securityContext when it can. */
function podSecurityPath(resource: Resource, warning: string): FieldPath {
  const spec = podSpecPath(resource.ref.kind) ?? [];
  const name = /containers? "([^"]+)"/.exec(warning)?.[1];
  if (name === undefined) return spec;
  let node: unknown = resource.object;
  for (const k of spec) node = asObj(node)[k as string];
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    const i = asArray(asObj(node)[list]).findIndex((c) => asObj(c).name === name);
    if (i >= 0)
      return /securityContext|capabilit|privilege|runAs|seccomp|procMount|seLinux|appArmor|hostProcess/i.test(warning)
        ? [...spec, list, i, 'securityContext']
        : [...spec, list, i];
  }
  return spec;
}

/**
 * The server's path in terms of the object: keyed list selectors (`containers[name="app"]`, from
 * typed-patch errors) become indexes, and a map the server names as a whole (`metadata.labels`)
 * narrows to the entry whose key or value the message quotes (`Invalid value: "x"`).
 */
export function resolvePath(object: unknown, path: FieldPath, message = ''): FieldPath {
  const out: (string | number)[] = [];
  let node: unknown = object;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'string' && /^[\w.-]+=/.test(key)) {
      const pairs = key.split(',').map((p) => p.split('=') as [string, string]);
      const i = node.findIndex((item) => pairs.every(([k, v]) => String(asObj(item)[k]) === v.replace(/^"|"$/g, '')));
      if (i < 0) break;
      out.push(i);
      node = node[i];
      continue;
    }
    out.push(key);
    node = typeof key === 'number' ? asArray(node)[key] : asObj(node)[key];
  }
  const quoted = /Invalid value: "((?:[^"\\]|\\.)*)"/.exec(message)?.[1];
  if (quoted !== undefined && node && typeof node === 'object' && !Array.isArray(node)) {
    const entry = Object.entries(node as Record<string, unknown>).find(
      ([k, v]) => k === quoted || String(v) === quoted,
    );
    if (entry) out.push(entry[0]);
  }
  return out;
}

const QUANTITY_MAPS = new Set([
  'requests',
  'limits',
  'hard',
  'capacity',
  'overhead',
  'default',
  'defaultRequest',
  'max',
  'min',
  'maxLimitRequestRatio',
]);

/** The first string under a resource-quantity map that does not match the server's quantity pattern. */
function badQuantity(node: unknown, pattern: RegExp, path: (string | number)[] = []): FieldPath | undefined {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const hit = badQuantity(node[i], pattern, [...path, i]);
      if (hit) return hit;
    }
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (
        typeof v === 'string' &&
        (QUANTITY_MAPS.has(String(path[path.length - 1])) || k === 'sizeLimit') &&
        !pattern.test(v)
      )
        return [...path, k];
      const hit = badQuantity(v, pattern, [...path, k]);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** The issues of one rejected request: one per cause the Status names, else its message. */
function rejection(resource: Resource, status: number, body: unknown): ServerIssue[] {
  const causes = asArray(asObj(asObj(body).details).causes).map(asObj);
  const message = statusMessage(body);
  const withField = causes.filter((c) => typeof c.field === 'string' && c.field);
  if (withField.length > 0) {
    return withField.map((c) => ({
      ruleId: 'SRV-001',
      resource,
      path: resolvePath(resource.object, parseFieldPath(String(c.field)), String(c.message ?? '')),
      message: `${String(c.field)}: ${String(c.message ?? c.reason)}`,
    }));
  }
  // A quantity that does not parse fails the conversion before validation, naming no field: find it.
  const quantity = /quantities must match the regular expression '([^']+)'/.exec(message)?.[1];
  if (quantity) {
    const at = badQuantity(resource.object, new RegExp(quantity));
    if (at)
      return [
        { ruleId: 'SRV-001', resource, path: at, message: `${message}${status >= 500 ? ` (HTTP ${status})` : ''}` },
      ];
  }
  // Strict decoding and typed-patch errors name the field in the text: ".spec.foo: field not declared in schema".
  const field = FIELD_IN_MESSAGE.exec(message)?.[1];
  return [
    {
      ruleId: 'SRV-001',
      resource,
      path: field ? resolvePath(resource.object, parseFieldPath(field), message) : [],
      message: `${message}${status >= 500 ? ` (HTTP ${status})` : ''}`,
    },
  ];
}

/** The group/version/kind the server serves, from aggregated discovery (one request each for /api and /apis). */
async function discover(client: ApiClient): Promise<Map<string, Served>> {
  const served = new Map<string, Served>();
  const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
  for (const root of ['/api', '/apis']) {
    const res = await client.requestWith('GET', root, { Accept: accept });
    if (res.status !== 200)
      throw new ToolError(`${client.endpoint.label}: GET ${root} answered ${res.status}: ${statusMessage(res.body)}`);
    const body = asObj(res.body);
    if (body.kind !== 'APIGroupDiscoveryList')
      throw new ToolError(
        `${client.endpoint.label}: GET ${root} did not answer aggregated discovery (expected Kubernetes 1.30 or newer)`,
      );
    for (const group of asArray(body.items).map(asObj)) {
      const groupName = String(asObj(group.metadata).name ?? '');
      for (const version of asArray(group.versions).map(asObj)) {
        const apiVersion = groupName ? `${groupName}/${String(version.version)}` : String(version.version);
        for (const r of asArray(version.resources).map(asObj)) {
          const kind = String(asObj(r.responseKind).kind ?? '');
          if (kind)
            served.set(`${apiVersion}|${kind}`, { plural: String(r.resource), namespaced: r.scope === 'Namespaced' });
        }
      }
    }
  }
  return served;
}

function collectionPath(apiVersion: string, served: Served, namespace: string | undefined): string {
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return served.namespaced
    ? `${base}/namespaces/${encodeURIComponent(namespace ?? 'default')}/${served.plural}`
    : `${base}/${served.plural}`;
}

/**
 * Installs CRDs (created for real) and waits until every one is Established. A CRD the
 * server already has is left as it is (a shared control plane gets them once).
 */
export async function installCrds(client: ApiClient, crds: readonly CrdToInstall[]): Promise<void> {
  const present = new Set(
    asArray(
      asObj((await client.expect('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions')).body).items,
    ).map((i) => String(asObj(asObj(i).metadata).name)),
  );
  const byName = new Map<string, CrdToInstall>();
  for (const c of crds) {
    const name = String(asObj(c.object.metadata).name ?? '');
    if (name && !byName.has(name) && !present.has(name)) byName.set(name, c);
  }
  await mapLimit([...byName.entries()], 8, async ([, crd]) => {
    const res = await client.request(
      'POST',
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions?fieldManager=${FIELD_MANAGER}`,
      crd.object,
    );
    if (res.status >= 300 && res.status !== 409)
      throw new ToolError(
        `${crd.file}: the API server refuses this CustomResourceDefinition: ${statusMessage(res.body)}`,
      );
  });
  const deadline = performance.now() + 120_000;
  for (;;) {
    const list = asArray(
      asObj((await client.expect('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions')).body).items,
    ).map(asObj);
    const waiting = [...byName].filter(([name, crd]) => {
      const conditions = asArray(asObj(list.find((i) => asObj(i.metadata).name === name)?.status).conditions).map(
        asObj,
      );
      const rejected = conditions.find((c) => c.type === 'NamesAccepted' && c.status === 'False');
      if (rejected)
        throw new ToolError(
          `${crd.file}: the API server does not accept the names of this CRD: ${String(rejected.message)}`,
        );
      return !conditions.some((c) => c.type === 'Established' && c.status === 'True');
    });
    if (waiting.length === 0) return;
    if (performance.now() > deadline)
      throw new ToolError(`${waiting[0]?.[1].file}: CRD ${waiting[0]?.[0]} not Established after 120 s`);
    await sleep(100);
  }
}

/** The namespace the API server puts a namespaced resource in: its own, the unit's, else "default". */
function serverNamespace(resource: Resource, unit: Unit): string {
  return resource.ref.namespace ?? unit.namespace ?? 'default';
}

/**
 * Dry-runs every resource of `units` on one API server. With `manage`, first creates (for real) the
 * Namespaces the units render, with their labels, and bare ones for namespaces they only write to.
 */
export async function dryRunUnits(
  client: ApiClient,
  units: readonly Unit[],
  options: DryRunOptions,
): Promise<DryRunResult> {
  const issues: ServerIssue[] = [];
  const notes: string[] = [];
  let served = await discover(client);
  const lookup = async (resource: Resource): Promise<Served | undefined> => {
    const key = `${resource.ref.apiVersion}|${resource.ref.kind}`;
    if (!served.has(key)) {
      // Discovery of freshly installed CRDs can lag their Established condition by a moment.
      await sleep(300);
      served = await discover(client);
    }
    return served.get(key);
  };
  const isNamespace = (r: Resource): boolean => r.ref.apiVersion === 'v1' && r.ref.kind === 'Namespace';

  // Namespaces first, for real: Pod Security admission reads their labels.
  const existing = new Set<string>();
  const namespaces = units.flatMap((u) => u.resources.filter(isNamespace));
  if (options.manage) {
    await mapLimit(namespaces, 8, async (ns) => {
      const res = await applyRequest(client, ns, '/api/v1/namespaces', false);
      if (res.status < 300) existing.add(String(ns.ref.name));
      else issues.push(...rejection(ns, res.status, res.body));
    });
    const wanted = new Set<string>();
    for (const u of units) {
      for (const r of u.resources) {
        if (isNamespace(r)) continue;
        const s = served.get(`${r.ref.apiVersion}|${r.ref.kind}`);
        if (s?.namespaced !== false) wanted.add(serverNamespace(r, u));
      }
    }
    await mapLimit(
      [...wanted].filter((n) => !existing.has(n) && n !== 'default'),
      8,
      async (name) => {
        await client.request(
          'PATCH',
          `/api/v1/namespaces/${encodeURIComponent(name)}?fieldManager=${FIELD_MANAGER}-bare`,
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
          'application/apply-patch+yaml',
        );
      },
    );
  }

  const missingNamespaces = new Map<string, number>();
  const work = units.flatMap((u) =>
    u.resources
      .filter((r) => !(options.manage && isNamespace(r) && existing.has(String(r.ref.name))))
      .map((r) => ({ unit: u, resource: r })),
  );
  await mapLimit(work, options.concurrency ?? 12, async ({ unit, resource }) => {
    const s = await lookup(resource);
    if (!s) {
      issues.push({
        ruleId: 'SRV-001',
        resource,
        path: ['apiVersion'],
        message:
          `the API server serves no ${resource.ref.kind} in ` +
          `${resource.ref.apiVersion} (a built-in kind of another version, or a ` +
          `custom resource whose CRD no pinned operator provides)`,
      });
      return;
    }
    const namespace = s.namespaced ? serverNamespace(resource, unit) : undefined;
    const res = await applyRequest(
      client,
      resource,
      collectionPath(resource.ref.apiVersion, s, namespace),
      true,
      namespace,
    );
    if (res.status >= 300) {
      const body = asObj(res.body);
      if (!options.manage && res.status === 404 && asObj(body.details).kind === 'namespaces') {
        missingNamespaces.set(String(namespace), (missingNamespaces.get(String(namespace)) ?? 0) + 1);
        return;
      }
      issues.push(...rejection(resource, res.status, res.body));
    }
    for (const warning of res.warnings) {
      if (/PodSecurity/.test(warning))
        issues.push({ ruleId: 'SRV-002', resource, path: podSecurityPath(resource, warning), message: warning });
      else {
        const field = /^([\w.[\]"/-]+): /.exec(warning)?.[1];
        issues.push({
          ruleId: 'SRV-003',
          resource,
          path: field && /^(spec|metadata|data|template)/.test(field) ? parseFieldPath(field) : [],
          message: warning,
        });
      }
    }
  });
  for (const [ns, n] of missingNamespaces)
    notes.push(`${client.endpoint.label}: namespace ${ns} does not exist; its ${n} resources were not dry-run`);
  return { issues, notes };
}

/** A server-side apply of one resource (dryRun=All unless `dryRun` is false); a nameless one is a dry-run create, for
 * the server's "name required".
 */
function applyRequest(client: ApiClient, resource: Resource, collection: string, dryRun: boolean, namespace?: string) {
  const metadata = asObj(resource.object.metadata);
  const object =
    namespace !== undefined && metadata.namespace === undefined
      ? { ...resource.object, metadata: { ...metadata, namespace } }
      : resource.object;
  const query = `fieldManager=${FIELD_MANAGER}&fieldValidation=Strict`;
  if (typeof metadata.name !== 'string' || metadata.name === '')
    return client.request('POST', `${collection}?${query}&dryRun=All`, object);
  if (dryRun)
    return client.request(
      'PATCH',
      `${collection}/${encodeURIComponent(metadata.name)}?${query}&dryRun=All&force=true`,
      object,
      'application/apply-patch+yaml',
    );
  return client.request(
    'PATCH',
    `${collection}/${encodeURIComponent(metadata.name)}?${query}&force=true`,
    object,
    'application/apply-patch+yaml',
  );
}
