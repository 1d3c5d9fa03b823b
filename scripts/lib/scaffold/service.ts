/**
 * `npm run new-service`: everything a new service needs to be deployed by every environment, as one
 * set of file changes — base/<name>/ (Deployment, Service, ServiceAccount + Role + RoleBinding,
 * ConfigMap, HPA, PDB, ServiceMonitor), its line in base/kustomization.yaml, its images: entry in the
 * dev, staging and prod overlays (dr inherits prod's), and its HPA size in the dev and staging
 * patches. Network policies select services by their component label, Argo CD deploys base/ through
 * the overlays, and the services list of bump/promote is read from base/: none of those change.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadEnvironments } from '../clusters.js';
import { UsageError } from '../errors.js';
import { asArray, asObj } from '../objects.js';
import { readRepoFile, type FileChange } from '../images/check.js';
import { setImage } from '../images/kustomization.js';
import { parseVersion, PLACEHOLDER_TAG, type ImageVersion } from '../images/refs.js';
import { loadServices, serviceNames } from '../images/services.js';

export type Component = 'backend' | 'frontend';
export const COMPONENTS: readonly Component[] = ['backend', 'frontend'];

export interface ServiceSpec {
  readonly name: string;
  /** image name without tag; default: the registry path of the existing services + <name> */
  readonly image: string;
  readonly version: ImageVersion;
  readonly component: Component;
}

/** DNS-1123 label, short enough for "<name>-config" and the HPA/PDB names to stay labels too. */
const NAME = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;

/**
 * Environments whose overlay sets the image: every environment (clusters/<name>/cluster.yaml) but those
 * whose overlay builds on another environment's overlay and inherits its images (dr on ../prod).
 */
async function imageOverlays(root: string): Promise<string[]> {
  const environments = await loadEnvironments(root);
  const out: string[] = [];
  for (const env of environments) {
    const file = `overlays/${env}/kustomization.yaml`;
    const resources = asArray(
      asObj(parse(await readRepoFile(root, file, `the ${env} overlay's kustomization`))).resources,
    );
    const onOther = resources.some(
      (r) => typeof r === 'string' && environments.some((e) => path.posix.join('overlays', env, r) === `overlays/${e}`),
    );
    if (!onOther) out.push(env);
  }
  return out;
}
/** Non-production HPA sizes (their quotas are small; prod runs the base's 2..6). */
const HPA_PATCHES = { dev: 'overlays/dev/patches/hpa.yaml', staging: 'overlays/staging/patches/hpa.yaml' } as const;

export function checkName(name: string): string {
  if (!NAME.test(name))
    throw new UsageError(
      `service name "${name}" is not a DNS-1123 label of at most 40 ` +
        `characters (expected lower-case letters, digits and '-', starting ` +
        `with a letter)`,
    );
  return name;
}

export function parseComponent(value: string | undefined): Component {
  if (value === undefined) return 'backend';
  if (!(COMPONENTS as readonly string[]).includes(value))
    throw new UsageError(`--component is "${value}" (expected ${COMPONENTS.join(' or ')})`);
  return value as Component;
}

/** The image registry path the existing services share (registry.zs-his.com/zs-his/ms-x -> registry.zs-his.com/zs-his).
 *
 */
export async function defaultImage(root: string, name: string): Promise<string> {
  const catalog = await loadServices(root);
  const first = [...catalog.values()][0];
  if (first === undefined)
    throw new UsageError(`base/ has no service to take the image registry from (pass --image REGISTRY/PATH/NAME)`);
  return `${first.slice(0, first.lastIndexOf('/'))}/${name}`;
}

export async function serviceSpec(
  root: string,
  name: string,
  options: { tag: string | undefined; image: string | undefined; component: string | undefined },
): Promise<ServiceSpec> {
  checkName(name);
  if (options.tag === undefined)
    throw new UsageError(
      '--tag is required: the image tag (or sha256 digest) every environment ' +
        'deploys first (the placeholder is not deployable)',
    );
  const version = parseVersion(options.tag);
  if (version.kind === 'tag' && version.value === PLACEHOLDER_TAG)
    throw new UsageError(
      `--tag ${PLACEHOLDER_TAG} is the placeholder base/ manifests carry (expected a tag the registry serves)`,
    );
  if (options.image !== undefined && /[:@]/.test(options.image.slice(options.image.lastIndexOf('/'))))
    throw new UsageError(
      `--image "${options.image}" has a tag or digest (expected the image name only; the tag is --tag)`,
    );
  return {
    name,
    image: options.image ?? (await defaultImage(root, name)),
    version,
    component: parseComponent(options.component),
  };
}

function baseFiles(s: ServiceSpec): Record<string, string> {
  const labels = (indent: string, extra = true) =>
    [
      `app.kubernetes.io/name: ${s.name}`,
      ...(extra ? ['app.kubernetes.io/part-of: zarish-his', `app.kubernetes.io/component: ${s.component}`] : []),
    ]
      .map((l) => `${indent}${l}`)
      .join('\n');
  const minimal = `    app.kubernetes.io/name: ${s.name}`;
  return {
    'kustomization.yaml': `# ${s.name}: scaffolded by npm run new-service; describe what it does here.
resources:
  - deployment.yaml
  - service.yaml
  - rbac.yaml
  - configmap.yaml
  - hpa.yaml
  - pdb.yaml
  - servicemonitor.yaml
`,
    'deployment.yaml': `# No spec.replicas: the HorizontalPodAutoscaler (hpa.yaml) owns the replica count.
# Pod and container securityContext come from components/pod-defaults (applied in base/kustomization.yaml).
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${s.name}
  labels:
${labels('    ')}
spec:
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels:
      app.kubernetes.io/name: ${s.name}
  template:
    metadata:
      labels:
${labels('        ')}
    spec:
      serviceAccountName: ${s.name}
      automountServiceAccountToken: false
      imagePullSecrets:
        - name: registry-secret
      containers:
        - name: ${s.name}
          # The tag is set per overlay (images: in overlays/<env>/kustomization.yaml; npm run bump).
          image: ${s.image}:${PLACEHOLDER_TAG}
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
            - name: metrics
              containerPort: 9090
              protocol: TCP
          env:
            - name: LOG_LEVEL
              valueFrom:
                configMapKeyRef:
                  name: logging-config
                  key: LOG_LEVEL
            - name: LOG_FORMAT
              valueFrom:
                configMapKeyRef:
                  name: logging-config
                  key: LOG_FORMAT
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: 200m
              memory: 256Mi
          livenessProbe:
            httpGet:
              path: /health
              port: http
            initialDelaySeconds: 30
            periodSeconds: 10
          readinessProbe:
            httpGet:
              path: /ready
              port: http
            initialDelaySeconds: 5
            periodSeconds: 5
          volumeMounts:
            - name: config
              mountPath: /app/config
              readOnly: true
            # Writable scratch space: the root filesystem is read-only.
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: config
          configMap:
            name: ${s.name}-config
        - name: tmp
          emptyDir:
            sizeLimit: 256Mi
`,
    'service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: ${s.name}
  labels:
${labels('    ')}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: ${s.name}
  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
    - name: metrics
      port: 9090
      targetPort: metrics
      protocol: TCP
`,
    'rbac.yaml': `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${s.name}
  labels:
${minimal}
automountServiceAccountToken: false
---
# Least privilege: read ConfigMaps only. Widen only for what the service really calls.
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${s.name}
  labels:
${minimal}
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${s.name}
  labels:
${minimal}
subjects:
  - kind: ServiceAccount
    name: ${s.name}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ${s.name}
`,
    'configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${s.name}-config
  labels:
${minimal}
data:
  service-name: ${s.name}
  http-port: "8080"
  metrics-port: "9090"
`,
    'hpa.yaml': `# Production bounds; dev and staging override min/max in overlays/<env>/patches/hpa.yaml.
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${s.name}
  labels:
${minimal}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${s.name}
  minReplicas: 2
  maxReplicas: 6
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`,
    'pdb.yaml': `# maxUnavailable (not minAvailable) stays valid for every HPA minReplicas, including 1 in dev.
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${s.name}
  labels:
${minimal}
spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      app.kubernetes.io/name: ${s.name}
`,
    'servicemonitor.yaml': `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: ${s.name}
  labels:
${minimal}
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: ${s.name}
  endpoints:
    - port: metrics
      interval: 30s
      path: /metrics
`,
  };
}

/** Inserts "  - <name>" after the last service folder listed in base/kustomization.yaml's resources. */
function addToBase(text: string, name: string, services: readonly string[]): string {
  const lines = text.split('\n');
  let at = -1;
  let indent = '  ';
  lines.forEach((line, i) => {
    const m = /^(\s*)-\s+([^\s#]+)\s*(#.*)?$/.exec(line);
    if (m && services.includes(m[2] as string)) {
      at = i;
      indent = m[1] as string;
    }
  });
  if (at < 0)
    throw new UsageError(
      'base/kustomization.yaml: no service folder in resources: (expected the existing services listed, one per line)',
    );
  lines.splice(at + 1, 0, `${indent}- ${name}`);
  return lines.join('\n');
}

function hpaPatch(name: string, min: number, max: number): string {
  return `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
spec:
  minReplicas: ${min}
  maxReplicas: ${max}
`;
}

/** Where each environment's ResourceQuota sets pods, and the pods the new service adds there at peak (HPA max). */
const QUOTAS = [
  { file: 'base/namespace/resourcequota.yaml', pods: 6, envs: 'prod and dr' },
  { file: 'overlays/dev/patches/resourcequota.yaml', pods: 1, envs: 'dev' },
  { file: 'overlays/staging/patches/resourcequota.yaml', pods: 1, envs: 'staging' },
] as const;

/** Raises `pods:` of a ResourceQuota text by `more`, keeping its quoting. */
function raisePods(text: string, file: string, more: number): { text: string; from: number; to: number } {
  const m = /^(\s+pods:\s*)(["']?)(\d+)\2(.*)$/m.exec(text);
  if (!m) throw new UsageError(`${file}: no spec.hard.pods (expected the ResourceQuota's pod count, e.g. pods: "50")`);
  const from = Number(m[3]);
  const to = from + more;
  return { text: text.replace(m[0], `${m[1]}${m[2]}${to}${m[2]}${m[4]}`), from, to };
}

/** Every file change adding the service, and notes on what it raised; nothing is written here. */
export async function planService(root: string, s: ServiceSpec): Promise<{ changes: FileChange[]; notes: string[] }> {
  const dir = `base/${s.name}`;
  if (existsSync(path.join(root, dir))) throw new UsageError(`${dir} already exists (expected a new service name)`);
  const catalog = await loadServices(root);
  for (const [other, image] of catalog) {
    if (image === s.image)
      throw new UsageError(
        `image ${s.image} is already the image of ${other} (expected an image of its own; pass --image)`,
      );
  }
  const changes: FileChange[] = Object.entries(baseFiles(s)).map(([file, after]) => ({
    file: `${dir}/${file}`,
    before: undefined,
    after,
  }));
  const baseKustomization = 'base/kustomization.yaml';
  const base = await readRepoFile(root, baseKustomization, 'the kustomization listing every base folder');
  changes.push({ file: baseKustomization, before: base, after: addToBase(base, s.name, serviceNames(catalog)) });
  for (const env of await imageOverlays(root)) {
    const file = `overlays/${env}/kustomization.yaml`;
    const before = await readRepoFile(root, file, `the ${env} overlay's kustomization`);
    changes.push({ file, before, after: setImage(before, file, s.image, s.version).text });
  }
  // One pod in dev and staging: their quotas are sized to the pods they run (CAP-01 checks it).
  for (const file of Object.values(HPA_PATCHES)) {
    const before = await readRepoFile(root, file, 'the HPA sizes of the environment');
    changes.push({ file, before, after: `${before}${before.endsWith('\n') ? '' : '\n'}${hpaPatch(s.name, 1, 1)}` });
  }
  // Each ResourceQuota makes room for the new pods at peak, or CAP-01 (rightly) refuses the service.
  const notes: string[] = [];
  for (const q of QUOTAS) {
    const before = await readRepoFile(root, q.file, `the ResourceQuota of ${q.envs}`);
    const raised = raisePods(before, q.file, q.pods);
    changes.push({ file: q.file, before, after: raised.text });
    notes.push(
      `${q.file}: pods ${raised.from} -> ${raised.to} in ${q.envs} (room for ` +
        `${s.name} at its HPA maximum; review the cpu and memory figures and ` +
        `the comment there)`,
    );
  }
  return { changes, notes };
}
