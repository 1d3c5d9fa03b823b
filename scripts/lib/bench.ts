import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { parse, parseDocument, stringify } from 'yaml';
import { loadClusters, namespaceFor } from './clusters.js';
import { parseQuantity } from './validate/k8s.js';
import type { Kustomize } from './kustomize.js';

/** What the benchmark copies from the repo before adding synthetic services. */
const PARTS = ['base', 'components', 'overlays', 'clusters', 'argocd', 'schemas', 'policy.yaml'];
/** The service every synthetic one is cloned from. */
const TEMPLATE = 'patient-registry';
/** Its image, whose tag every overlay sets. */
const TEMPLATE_IMAGE = 'registry.zs-his.com/zs-his/ms-patient-registry';
/** Services per Argo CD Application in the `apps` layout. */
export const SERVICES_PER_APP = 25;

/**
 * Where the synthetic services go:
 * - `base`: into base/, so every environment overlay (dev, staging, prod, dr) deploys them all. One
 *   overlay then holds every service, and kustomize's build time grows with the square of its
 *   resources (about 0.3 s of CPU per overlay for the repo, 10 s with 100 extra services, 40 s with
 *   200), so this layout stops being measurable at a few hundred services.
 * - `apps`: as a platform of a thousand services is laid out: groups of SERVICES_PER_APP services
 *   under services/<group>/, each with one kustomization per environment, deployed by one Argo CD
 *   Application per group and environment (an ApplicationSet with a git directories generator in
 *   each site's argocd/<site>/, for the environments clusters/<site>/cluster.yaml lists).
 */
export type BenchLayout = 'base' | 'apps';

const serviceName = (i: number): string => `bench-svc-${String(i).padStart(3, '0')}`;

/**
 * Writes base/patient-registry again as `name` into `out`, with `renames` (old name -> new) applied
 * to the names it refers to.
 */
async function cloneService(
  templateDir: string,
  files: readonly string[],
  out: string,
  name: string,
  renames: ReadonlyMap<string, string> = new Map(),
): Promise<void> {
  await mkdir(out, { recursive: true });
  for (const file of files) {
    let text = await readFile(path.join(templateDir, file), 'utf8');
    for (const [from, to] of renames) text = text.replaceAll(`name: ${from}\n`, `name: ${to}\n`);
    // Keep the shared references (its secret, log-level key, and its image, whose tag every overlay sets) so the
    // clone stays wired like the original.
    await writeFile(path.join(out, file), text.replace(/(?<!ms-)patient-registry(?!-secrets)/g, name));
  }
}

/**
 * Writes a copy of the repo with `services` extra services cloned from base/patient-registry, laid
 * out as `layout` says.
 */
export async function generateBenchRepo(
  root: string,
  dir: string,
  services: number,
  layout: BenchLayout = 'base',
): Promise<void> {
  for (const part of PARTS) await cp(path.join(root, part), path.join(dir, part), { recursive: true });
  const templateDir = path.join(root, 'base', TEMPLATE);
  const files = await readdir(templateDir);
  const names = Array.from({ length: services }, (_, i) => serviceName(i + 1));
  if (layout === 'apps') return writeServiceApps(dir, templateDir, files, names);
  for (const name of names) await cloneService(templateDir, files, path.join(dir, 'base', name), name);
  const kustomization = path.join(dir, 'base', 'kustomization.yaml');
  const text = await readFile(kustomization, 'utf8');
  await writeFile(
    kustomization,
    text.replace(`  - ${TEMPLATE}\n`, `  - ${TEMPLATE}\n${names.map((n) => `  - ${n}\n`).join('')}`),
  );
}

/** The overlay overlays/<env> builds on (dr: prod), if it builds on one. */
async function builtOn(dir: string, env: string): Promise<string | undefined> {
  const file = path.join(dir, 'overlays', env, 'kustomization.yaml');
  const k = parse(await readFile(file, 'utf8')) as { resources?: string[] };
  for (const r of k.resources ?? []) {
    const other = /^\.\.\/([^/]+)\/?$/.exec(r)?.[1];
    if (other) return other;
  }
  return undefined;
}

/** The tag overlays/<env> (or an overlay it builds on) gives the template's image. */
async function imageTag(dir: string, env: string, seen = new Set<string>()): Promise<string> {
  const file = path.join(dir, 'overlays', env, 'kustomization.yaml');
  if (seen.has(env)) throw new Error(`${file}: overlays build on each other in a cycle`);
  seen.add(env);
  const k = parse(await readFile(file, 'utf8')) as {
    images?: { name?: string; newTag?: string }[];
    resources?: string[];
  };
  const tag = k.images?.find((i) => i.name === TEMPLATE_IMAGE)?.newTag;
  if (tag) return tag;
  const other = await builtOn(dir, env);
  if (other) return imageTag(dir, other, seen);
  throw new Error(`${file}: sets no tag for ${TEMPLATE_IMAGE} (expected an images entry)`);
}

/**
 * The `apps` layout of generateBenchRepo. Each group is whole in itself, as the validator's
 * reference rules want an Application to be: its services refer to the group's own ConfigMaps and
 * ExternalSecrets (services/<group>/<env>/shared.yaml), and the group carries the platform's
 * NetworkPolicies under its own names (services/<group>/network-policies).
 */
async function writeServiceApps(
  dir: string,
  templateDir: string,
  files: readonly string[],
  names: readonly string[],
): Promise<void> {
  const clusters = await loadClusters(dir);
  const environments = clusters.flatMap((c) => c.environments);
  const tags = new Map<string, string>();
  for (const env of environments) tags.set(env, await imageTag(dir, env));
  for (let g = 0; g * SERVICES_PER_APP < names.length; g++) {
    const group = `group-${String(g + 1).padStart(3, '0')}`;
    const groupDir = path.join(dir, 'services', group);
    const renames = new Map(SHARED_NAMES.map((n) => [n, `${group}-${n}`]));
    const members = names.slice(g * SERVICES_PER_APP, (g + 1) * SERVICES_PER_APP);
    for (const name of members) await cloneService(templateDir, files, path.join(groupDir, name), name, renames);
    await mkdir(path.join(groupDir, 'network-policies'));
    await writeFile(
      path.join(groupDir, 'network-policies', 'kustomization.yaml'),
      stringify({ resources: ['../../../base/network-policies'], namePrefix: `${group}-` }),
    );
    for (const cluster of clusters)
      for (const env of cluster.environments) {
        await mkdir(path.join(groupDir, env));
        // Vault keys as the overlay's own ExternalSecrets read them: dr reads prod's
        const keys = (await builtOn(dir, env)) ?? env;
        await writeFile(path.join(groupDir, env, 'shared.yaml'), sharedResources(group, env, keys, cluster.name));
        await writeFile(
          path.join(groupDir, env, 'kustomization.yaml'),
          stringify({
            resources: [...members.map((m) => `../${m}`), '../network-policies', 'shared.yaml'],
            components: ['../../../components/pod-defaults'],
            namespace: namespaceFor(env),
            images: [{ name: TEMPLATE_IMAGE, newTag: tags.get(env) }],
          }),
        );
      }
  }
  await raiseQuotas(dir, environments, names.length);
  // each group's SecretStore logs in to Vault as its environment's does (the allow list names that one)
  const allowList = path.join(dir, 'overlays', 'dr', 'parity-allowlist.yaml');
  if (existsSync(allowList)) {
    const doc = parseDocument(await readFile(allowList, 'utf8'));
    doc.addIn(['allow'], {
      kind: 'SecretStore',
      group: 'external-secrets.io',
      paths: ['spec.provider.vault.auth.kubernetes.role', 'spec.provider.vault.auth.kubernetes.mountPath'],
      why: "the bench groups' own SecretStores log in to Vault as the environment's vault-backend does",
    });
    await writeFile(allowList, doc.toString());
  }
  for (const cluster of clusters) {
    if (!cluster.hostsArgoCD || cluster.environments.length === 0) continue;
    const site = path.join(dir, 'argocd', cluster.name);
    await writeFile(path.join(site, 'bench-services.yaml'), stringify(serviceAppSet(cluster.environments)));
    const kustomization = path.join(site, 'kustomization.yaml');
    const text = await readFile(kustomization, 'utf8');
    if (!text.includes('  - ../base\n')) throw new Error(`${kustomization}: expected a resources entry "../base"`);
    await writeFile(kustomization, text.replace('  - ../base\n', '  - ../base\n  - bench-services.yaml\n'));
  }
}

/**
 * What one clone of base/patient-registry adds to its namespace's ResourceQuota at peak: HPA
 * maxReplicas (10) pods of 250m/256Mi requests and 500m/512Mi limits, a Service, two ConfigMaps
 * and two Secrets (its own and its share of the group's).
 */
const PER_SERVICE: Readonly<Record<string, number>> = {
  'requests.cpu': 2.5,
  'requests.memory': 2.5 * 1024 ** 3,
  'limits.cpu': 5,
  'limits.memory': 5 * 1024 ** 3,
  pods: 10,
  services: 1,
  configmaps: 2,
  secrets: 2,
};

/**
 * A ResourceQuota counts every pod of its namespace, whichever Application deploys it (CAP-01): the
 * environments' quota (base/namespace/resourcequota.yaml) raised by what `services` clones add,
 * patched last into each environment's overlay (overlays/<env>/patches/bench-quota.yaml).
 */
async function raiseQuotas(dir: string, environments: readonly string[], services: number): Promise<void> {
  const base = parse(await readFile(path.join(dir, 'base', 'namespace', 'resourcequota.yaml'), 'utf8')) as {
    metadata: { name: string };
    spec: { hard: Record<string, string> };
  };
  const hard: Record<string, string> = {};
  for (const [key, value] of Object.entries(base.spec.hard)) {
    const amount = parseQuantity(value);
    const add = PER_SERVICE[key] ?? 0;
    if (amount === undefined || add === 0) hard[key] = value;
    else if (key.endsWith('memory')) hard[key] = `${Math.ceil((amount + services * add) / 1024 ** 3)}Gi`;
    else hard[key] = String(Math.ceil(amount + services * add));
  }
  const patch = stringify({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: base.metadata.name },
    spec: { hard },
  });
  for (const env of environments) {
    const overlay = path.join(dir, 'overlays', env);
    await writeFile(path.join(overlay, 'patches', 'bench-quota.yaml'), patch);
    const kustomization = path.join(overlay, 'kustomization.yaml');
    const doc = parseDocument(await readFile(kustomization, 'utf8'));
    // last: after the overlay's own quota patch (dev, staging)
    doc.addIn(['patches'], { path: 'patches/bench-quota.yaml' });
    await writeFile(kustomization, doc.toString());
  }
}

/** What base/patient-registry refers to outside itself; each group has its own under `<group>-<name>`. */
const SHARED_NAMES = ['global-config', 'logging-config', 'patient-registry-secrets', 'registry-secret'];

/**
 * A group's ConfigMaps, ExternalSecrets and their SecretStore (logging in to Vault as base/secrets
 * does) in one environment on one cluster: what its services refer to.
 */
function sharedResources(group: string, env: string, keys: string, cluster: string): string {
  const externalSecret = (name: string, key: string, property: string, type?: string) => ({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: `${group}-${name}` },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'SecretStore', name: `${group}-vault-backend` },
      target: {
        name: `${group}-${name}`,
        creationPolicy: 'Owner',
        ...(type ? { template: { type, data: { [`.${property}`]: `{{ .${property} }}` } } } : {}),
      },
      data: [{ secretKey: property, remoteRef: { key: `zarish-his/${keys}/${key}`, property } }],
    },
  });
  const docs = [
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: { name: `${group}-vault-backend` },
      spec: {
        provider: {
          vault: {
            server: 'https://vault.zs-his.com',
            path: 'secret',
            version: 'v2',
            auth: {
              kubernetes: {
                mountPath: `kubernetes-${cluster}`,
                role: `zarish-his-${env}`,
                serviceAccountRef: { name: `${group}-vault-auth` },
              },
            },
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: `${group}-vault-auth` },
      automountServiceAccountToken: false,
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${group}-global-config` },
      data: { 'kafka-brokers': 'zarish-kafka-kafka-bootstrap:9092' },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${group}-logging-config` },
      data: { LOG_FORMAT: 'json', LOG_OUTPUT: 'stdout', PATIENT_REGISTRY_LOG_LEVEL: 'info' },
    },
    externalSecret('patient-registry-secrets', `${group}`, 'database-url'),
    externalSecret('registry-secret', 'registry', 'dockerconfigjson', 'kubernetes.io/dockerconfigjson'),
  ];
  return docs.map((d) => stringify(d)).join('---\n');
}

/** One Application per services/<group>/<environment> of the environments a site hosts. */
function serviceAppSet(environments: readonly string[]): object {
  const repoURL = 'https://github.com/zarishsphere/zarish-his-gitops.git';
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'zarish-his-bench-services' },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [
        { git: { repoURL, revision: 'main', directories: environments.map((e) => ({ path: `services/*/${e}` })) } },
      ],
      syncPolicy: { preserveResourcesOnDeletion: true },
      template: {
        metadata: {
          name: 'zarish-his-{{ index .path.segments 1 }}-{{ .path.basename }}',
          labels: { 'his.zarishsphere.com/environment': '{{ .path.basename }}' },
        },
        spec: {
          project: 'zarish-his-{{ .path.basename }}',
          source: { repoURL, targetRevision: 'main', path: '{{ .path.path }}' },
          destination: { server: 'https://kubernetes.default.svc', namespace: 'zarish-his-{{ .path.basename }}' },
          // as the environments' ApplicationSet: the HorizontalPodAutoscalers own replica counts
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            syncOptions: ['RespectIgnoreDifferences=true', 'PruneLast=true', 'ApplyOutOfSyncOnly=true'],
          },
          ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
        },
      },
    },
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** What one measured process cost: wall and CPU seconds (itself and its children), peak RSS. */
export interface Cost {
  readonly wall: number;
  /** user + system CPU seconds, children included; undefined without /usr/bin/time */
  readonly cpu: number | undefined;
  /** peak resident set of the largest process, MiB; undefined without /usr/bin/time */
  readonly rssMiB: number | undefined;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const GNU_TIME = '/usr/bin/time';
export const canMeasureCpu = (): boolean => existsSync(GNU_TIME);

/**
 * Runs a command and measures it. CPU and peak memory come from GNU time (getrusage of the
 * process and every child it waited for), which is what a shared machine can compare fairly:
 * wall time depends on what else runs.
 */
export async function measureCommand(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): Promise<Cost> {
  const marker = '@@zarish-bench';
  const timed = canMeasureCpu();
  const start = performance.now();
  const result = await execa(
    timed ? GNU_TIME : command,
    timed ? ['-f', `${marker} %U %S %M`, command, ...args] : [...args],
    {
      cwd: options.cwd,
      env: options.env,
      reject: false,
      maxBuffer: 1024 * 1024 * 1024,
      ...(options.input !== undefined ? { input: options.input } : {}),
    },
  );
  const wall = (performance.now() - start) / 1000;
  let stderr = String(result.stderr);
  let cpu: number | undefined;
  let rssMiB: number | undefined;
  const m = new RegExp(
    `(?:^|\\n)(?:Command exited with non-zero status \\d+\\n)?${marker} ([\\d.]+) ([\\d.]+) (\\d+)\\s*$`,
  ).exec(stderr);
  if (m) {
    cpu = Number(m[1]) + Number(m[2]);
    rssMiB = Number(m[3]) / 1024;
    stderr = stderr.slice(0, m.index);
  }
  return { wall, cpu, rssMiB, exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr };
}

/** `kustomize build` of every directory, at most `concurrency` at once, as one measured process. */
export async function measureBareBuilds(
  kustomize: Kustomize,
  dirs: readonly string[],
  concurrency: number,
): Promise<Cost> {
  const script = 'printf "%s\\n" "$@" | xargs -d "\\n" -P "$P" -n 1 "$K" $B > /dev/null';
  return measureCommand('sh', ['-c', script, 'sh', ...dirs], {
    env: {
      ...(process.env as Record<string, string>),
      P: String(concurrency),
      K: kustomize.command,
      B: kustomize.buildArgs.join(' '),
    },
  });
}

/**
 * One YAML stream of `count` resources: the repo's rendered resources repeated with unique names,
 * as a large manifest directory or a big rendered output would be.
 */
export function generateStream(rendered: readonly string[], count: number): string {
  const docs = rendered.flatMap((text) => text.split(/^---\n/m)).filter((d) => d.trim() !== '');
  if (docs.length === 0) throw new Error('no rendered resources to repeat');
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const doc = docs[i % docs.length] as string;
    out.push(doc.replace(/^ {2}name: (.*)$/m, (_m, name: string) => `  name: ${name}-${Math.floor(i / docs.length)}`));
  }
  return out.join('---\n');
}

/** Wall seconds from starting a command to the first byte it writes on stderr (then it is left to finish). */
export async function timeToFirstStderr(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string> } = {},
): Promise<number | undefined> {
  const start = performance.now();
  const child = execa(command, [...args], { env: options.env, reject: false, stdout: 'ignore', buffer: false });
  let first: number | undefined;
  child.stderr?.once('data', () => {
    first = (performance.now() - start) / 1000;
  });
  await child;
  return first;
}
