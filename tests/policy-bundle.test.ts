/**
 * One complete, compliant namespace bundle (tests/fixtures/bundle/clean.yaml), then one defect at a time: each
 * defect must add a finding the clean bundle does not have — the expected rule, on the expected resource, in
 * the file written, at the line of the mutated field (or its nearest written ancestor).
 *
 * Groups, as the issue numbers them: 1 pod security, 2 hardening and organisation, 3 secrets,
 * 4 cross-resource references, 5 capacity, 6 waivers.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import type { Finding, Severity } from '../scripts/lib/findings.js';
import { RULES } from '../scripts/lib/validate/registry.js';
import { validate, type ValidateResult } from '../scripts/lib/validate/run.js';
import { ROOT, tempDir } from './helpers.js';

/** Parsed YAML, mutated freely. */
type Obj = Record<string, any>;

const CLEAN = path.join(ROOT, 'tests/fixtures/bundle/clean.yaml');
const NOW = new Date('2026-11-23T00:00:00Z');
const NS = 'ms-x';
/** Groups the bundle is meant to be clean for (argocd and dr look at Applications and the prod/DR pair). */
const CHECKED_GROUPS = new Set(['schema', 'security', 'hardening', 'secrets', 'references', 'capacity', 'operators']);
const WAIVE = 'waive.his.zarishsphere.com/';

function cleanDocs(): Obj[] {
  return parseAllDocuments(readFileSync(CLEAN, 'utf8'))
    .map((d) => d.toJS() as unknown)
    .filter((d): d is Obj => typeof d === 'object' && d !== null);
}

function find(docs: Obj[], kind: string, name: string): Obj {
  const found = docs.find((d) => d.kind === kind && d.metadata?.name === name);
  if (!found) throw new Error(`clean bundle has no ${kind}/${name}`);
  return found;
}

const deployment = (docs: Obj[]): Obj => find(docs, 'Deployment', NS);
const container = (docs: Obj[]): Obj => deployment(docs).spec.template.spec.containers[0] as Obj;
const annotate = (o: Obj, key: string, value: string): void => {
  o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [key]: value };
};

function key(f: Finding): string {
  const r = f.resource;
  return `${f.ruleId} ${r?.kind ?? ''}/${r?.namespace ?? ''}/${r?.name ?? ''} ${f.path}`;
}

async function run(dir: string, file: string): Promise<ValidateResult> {
  return validate({ root: ROOT, paths: [path.relative(dir, file)], cwd: dir, now: NOW });
}

interface Written {
  file: string;
  text: string;
  /** first line (1-based) of each document, in the order of the docs written */
  starts: number[];
}

async function write(dir: string, name: string, docs: Obj[]): Promise<Written> {
  const parts = docs.map((d) => stringify(d));
  const starts: number[] = [];
  let line = 1;
  for (const p of parts) {
    starts.push(line);
    line += p.split('\n').length - 1 + 1; // the document's lines, then the '---' separator
  }
  const text = parts.join('---\n');
  const file = path.join(dir, `${name}.yaml`);
  await writeFile(file, text);
  return { file, text, starts };
}

/** A line as the anchors see it: indentation and a sequence item's "- " removed. */
const bare = (line: string): string => line.trim().replace(/^- /, '');

/**
 * The line (1-based) where a field is written, found in the text: within the resource's document, the first line
 * starting with anchors[0] (indentation and "- " aside), then from there the first starting with anchors[1], ...
 */
function lineOf(written: Written, docs: Obj[], kind: string, name: string, anchors: readonly string[]): number {
  const index = docs.findIndex((d) => d.kind === kind && d.metadata?.name === name);
  expect(index, `${kind}/${name} is written`).toBeGreaterThanOrEqual(0);
  const lines = written.text.split('\n');
  const start = written.starts[index] as number;
  const end = written.starts[index + 1] ?? lines.length + 1;
  let at = start - 1;
  for (const [i, anchor] of anchors.entries()) {
    const from = i === 0 ? at : at + 1;
    const hit = lines.findIndex((l, n) => n >= from && n < end - 1 && bare(l).startsWith(anchor));
    expect(hit, `"${anchor}" written in ${kind}/${name} (anchors ${anchors.join(' > ')})`).toBeGreaterThanOrEqual(0);
    at = hit;
  }
  return at + 1;
}

interface Defect {
  readonly group: 1 | 2 | 3 | 4 | 5 | 6;
  readonly name: string;
  readonly rule: string;
  /** Kind/name of the resource the finding is on */
  readonly on: string;
  /** text anchors leading to the mutated field's line (see lineOf) */
  readonly at: readonly string[];
  readonly severity?: Severity;
  /** a part of the message */
  readonly says?: string;
  mutate(docs: Obj[]): void;
}

const DEFECTS: readonly Defect[] = [
  // 1 — pod security
  {
    group: 1,
    name: 'allowPrivilegeEscalation removed',
    rule: 'SEC-R-02',
    on: 'Deployment/ms-x',
    severity: 'error',
    says: 'enforces Pod Security "restricted"',
    at: ['containers:', 'securityContext:'],
    mutate: (docs) => {
      delete container(docs).securityContext.allowPrivilegeEscalation;
    },
  },
  {
    group: 1,
    name: 'privileged container',
    rule: 'SEC-B-02',
    on: 'Deployment/ms-x',
    severity: 'error',
    at: ['privileged: true'],
    mutate: (docs) => {
      container(docs).securityContext.privileged = true;
    },
  },
  {
    group: 1,
    name: 'hostNetwork',
    rule: 'SEC-B-01',
    on: 'Deployment/ms-x',
    severity: 'error',
    at: ['hostNetwork: true'],
    mutate: (docs) => {
      deployment(docs).spec.template.spec.hostNetwork = true;
    },
  },
  // 2 — hardening and organisation
  {
    group: 2,
    name: 'image :latest',
    rule: 'SEC-H-04',
    on: 'Deployment/ms-x',
    severity: 'error',
    says: 'latest',
    at: ['image: registry.zs-his.com/zs-his/ms-x:latest'],
    mutate: (docs) => {
      container(docs).image = 'registry.zs-his.com/zs-his/ms-x:latest';
    },
  },
  {
    group: 2,
    name: 'image from docker.io',
    rule: 'SEC-H-04',
    on: 'Deployment/ms-x',
    severity: 'error',
    says: 'allowed registry',
    at: ['image: docker.io/library/nginx:1.25.3'],
    mutate: (docs) => {
      container(docs).image = 'docker.io/library/nginx:1.25.3';
    },
  },
  {
    group: 2,
    name: 'readOnlyRootFilesystem false',
    rule: 'SEC-H-01',
    on: 'Deployment/ms-x',
    severity: 'warning',
    at: ['readOnlyRootFilesystem: false'],
    mutate: (docs) => {
      container(docs).securityContext.readOnlyRootFilesystem = false;
    },
  },
  {
    group: 2,
    name: "Role with '*' verbs",
    rule: 'SEC-H-05',
    on: 'Role/ms-x',
    severity: 'error',
    at: ['verbs:', '"*"'],
    mutate: (docs) => {
      find(docs, 'Role', NS).rules[0].verbs = ['*'];
    },
  },
  {
    group: 2,
    name: 'Ingress rate-limit annotation',
    rule: 'SEC-H-11',
    on: 'Ingress/ms-x',
    severity: 'error',
    says: 'limit-rps',
    at: ['nginx.ingress.kubernetes.io/rate-limit:'],
    mutate: (docs) => {
      annotate(find(docs, 'Ingress', NS), 'nginx.ingress.kubernetes.io/rate-limit', '100');
    },
  },
  {
    group: 2,
    name: 'Service type LoadBalancer',
    rule: 'SEC-H-06',
    on: 'Service/ms-x',
    severity: 'error',
    at: ['type: LoadBalancer'],
    mutate: (docs) => {
      find(docs, 'Service', NS).spec.type = 'LoadBalancer';
    },
  },
  {
    group: 2,
    name: 'missing limits',
    rule: 'REL-01',
    on: 'Deployment/ms-x',
    severity: 'warning',
    says: 'limits.cpu',
    at: ['containers:', 'resources:'],
    mutate: (docs) => {
      delete container(docs).resources.limits;
    },
  },
  {
    group: 2,
    name: 'probe on an undeclared port',
    rule: 'REL-04',
    on: 'Deployment/ms-x',
    severity: 'error',
    at: ['livenessProbe:', 'port: 8081'],
    mutate: (docs) => {
      container(docs).livenessProbe.httpGet.port = 8081;
    },
  },
  // 3 — secrets
  {
    group: 3,
    name: 'Secret with data',
    rule: 'SCR-01',
    on: 'Secret/ms-x-extra',
    severity: 'error',
    at: ['data:'],
    mutate: (docs) => {
      docs.push({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'ms-x-extra', namespace: NS },
        type: 'Opaque',
        data: { token: Buffer.from('s3cr3t').toString('base64') },
      });
    },
  },
  {
    group: 3,
    name: 'ConfigMap key db-password',
    rule: 'SCR-02',
    on: 'ConfigMap/ms-x-config',
    severity: 'error',
    at: ['db-password:'],
    mutate: (docs) => {
      find(docs, 'ConfigMap', 'ms-x-config').data['db-password'] = 'hunter2';
    },
  },
  {
    group: 3,
    name: 'connection string as a literal env value',
    rule: 'SCR-05',
    on: 'Deployment/ms-x',
    severity: 'error',
    at: ['value: postgres://u:p@h'],
    mutate: (docs) => {
      container(docs).env[1] = { name: 'DATABASE_URL', value: 'postgres://u:p@h/db' };
    },
  },
  // 4 — cross-resource references
  {
    group: 4,
    name: 'Service selector typo',
    rule: 'REF-01',
    on: 'Service/ms-x',
    severity: 'error',
    at: ['selector:'],
    mutate: (docs) => {
      find(docs, 'Service', NS).spec.selector = { 'app.kubernetes.io/name': 'ms-xx' };
    },
  },
  {
    group: 4,
    name: 'Ingress backend to a missing Service',
    rule: 'REF-02',
    on: 'Ingress/ms-x',
    severity: 'error',
    at: ['backend:', 'name: ms-y'],
    mutate: (docs) => {
      find(docs, 'Ingress', NS).spec.rules[0].http.paths[0].backend.service.name = 'ms-y';
    },
  },
  {
    group: 4,
    name: 'ExternalSecret naming a missing SecretStore',
    rule: 'OPR-ESO-01',
    on: 'ExternalSecret/ms-x-secrets',
    severity: 'error',
    says: 'SecretStore vault',
    at: ['secretStoreRef:', 'name: vault'],
    mutate: (docs) => {
      find(docs, 'ExternalSecret', 'ms-x-secrets').spec.secretStoreRef.name = 'vault';
    },
  },
  {
    group: 4,
    name: 'HPA target name typo',
    rule: 'REF-03',
    on: 'HorizontalPodAutoscaler/ms-x',
    severity: 'error',
    at: ['scaleTargetRef:'],
    mutate: (docs) => {
      find(docs, 'HorizontalPodAutoscaler', NS).spec.scaleTargetRef.name = 'ms-xx';
    },
  },
  {
    group: 4,
    name: 'serviceAccountName missing',
    rule: 'REF-05',
    on: 'Deployment/ms-x',
    severity: 'error',
    at: ['serviceAccountName: ms-x-runner'],
    mutate: (docs) => {
      deployment(docs).spec.template.spec.serviceAccountName = 'ms-x-runner';
    },
  },
  {
    group: 4,
    name: 'configMapKeyRef to a missing ConfigMap',
    rule: 'REF-06',
    on: 'Deployment/ms-x',
    severity: 'error',
    at: ['configMapKeyRef:', 'name: ms-x-settings'],
    mutate: (docs) => {
      container(docs).env[0].valueFrom.configMapKeyRef.name = 'ms-x-settings';
    },
  },
  {
    group: 4,
    name: 'ServiceMonitor port name typo',
    rule: 'REF-10',
    on: 'ServiceMonitor/ms-x',
    severity: 'error',
    at: ['endpoints:', 'port: metricz'],
    mutate: (docs) => {
      find(docs, 'ServiceMonitor', NS).spec.endpoints[0].port = 'metricz';
    },
  },
  {
    group: 4,
    name: 'default-deny removed',
    rule: 'REF-13',
    on: 'Namespace/ms-x',
    severity: 'error',
    says: 'Ingress and Egress',
    at: ['name: ms-x'],
    mutate: (docs) => {
      docs.splice(docs.indexOf(find(docs, 'NetworkPolicy', 'default-deny-all')), 1);
    },
  },
  {
    group: 4,
    name: 'spec.replicas on the HPA-scaled Deployment',
    rule: 'REF-11',
    on: 'Deployment/ms-x',
    severity: 'error',
    at: ['replicas: 3'],
    mutate: (docs) => {
      deployment(docs).spec = { replicas: 3, ...deployment(docs).spec };
    },
  },
  {
    group: 4,
    name: 'PDB minAvailable equal to HPA minReplicas',
    rule: 'REF-08',
    on: 'PodDisruptionBudget/ms-x',
    severity: 'error',
    at: ['minAvailable: 2'],
    mutate: (docs) => {
      const spec = find(docs, 'PodDisruptionBudget', NS).spec;
      delete spec.maxUnavailable;
      spec.minAvailable = find(docs, 'HorizontalPodAutoscaler', NS).spec.minReplicas;
    },
  },
  // 5 — capacity
  {
    group: 5,
    name: 'quota requests.cpu below maxReplicas × request',
    rule: 'CAP-01',
    on: 'ResourceQuota/ms-x-quota',
    severity: 'error',
    says: 'requests.cpu 1 at peak',
    at: ['requests.cpu:'],
    mutate: (docs) => {
      find(docs, 'ResourceQuota', 'ms-x-quota').spec.hard['requests.cpu'] = '750m';
    },
  },
  // 6 — waivers
  {
    group: 6,
    name: 'waiver without a reason',
    rule: 'WVR-001',
    on: 'Deployment/ms-x',
    severity: 'error',
    says: 'no reason',
    at: [`${WAIVE}SEC-H-01`],
    mutate: (docs) => {
      annotate(deployment(docs), `${WAIVE}SEC-H-01`, '');
    },
  },
  {
    group: 6,
    name: 'expired waiver',
    rule: 'WVR-001',
    on: 'Deployment/ms-x',
    severity: 'error',
    says: 'expired on 2026-11-01',
    at: [`${WAIVE}SEC-H-01`],
    mutate: (docs) => {
      container(docs).securityContext.readOnlyRootFilesystem = false;
      annotate(deployment(docs), `${WAIVE}SEC-H-01`, 'legacy image writes to /var/cache [expires=2026-11-01]');
    },
  },
  {
    group: 6,
    name: 'waiver naming an unknown rule',
    rule: 'WVR-001',
    on: 'Service/ms-x',
    severity: 'error',
    says: 'unknown rule "SEC-H-99"',
    at: [`${WAIVE}SEC-H-99`],
    mutate: (docs) => {
      annotate(find(docs, 'Service', NS), `${WAIVE}SEC-H-99`, 'typo in the rule id');
    },
  },
];

describe('namespace bundle', () => {
  let dir: string;
  let clean: ValidateResult;
  let cleanKeys: Set<string>;

  beforeAll(async () => {
    dir = await tempDir('zarish-bundle-');
    const written = await write(dir, 'clean', cleanDocs());
    clean = await run(dir, written.file);
    cleanKeys = new Set(clean.findings.map(key));
  });

  it('the clean bundle has every kind the issue lists', () => {
    const kinds = new Set(cleanDocs().map((d) => d.kind as string));
    for (const kind of [
      'Namespace',
      'Deployment',
      'Service',
      'Ingress',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'NetworkPolicy',
      'ResourceQuota',
      'LimitRange',
      'ExternalSecret',
      'SecretStore',
      'ServiceMonitor',
      'ServiceAccount',
      'ConfigMap',
    ]) {
      expect(kinds, kind).toContain(kind);
    }
  });

  it('the clean bundle has no error or warning (info such as CAP-02 headroom is fine)', async () => {
    const direct = await validate({ root: ROOT, paths: [path.relative(ROOT, CLEAN)], cwd: ROOT, now: NOW });
    for (const result of [direct, clean]) {
      const group = (id: string): string | undefined => RULES.find((r) => r.id === id)?.group;
      const serious = result.findings.filter(
        (f) =>
          f.severity !== 'info' && (group(f.ruleId) === undefined || CHECKED_GROUPS.has(group(f.ruleId) as string)),
      );
      expect(serious.map((f) => `${f.severity} ${f.ruleId} ${f.file}:${f.line} ${f.message}`)).toEqual([]);
      expect(result.findings.some((f) => f.ruleId === 'CAP-02')).toBe(true);
      expect(result.units[0]?.resources.length).toBe(cleanDocs().length);
    }
  });

  it('the defect table covers each numbered group', () => {
    expect([...new Set(DEFECTS.map((d) => d.group))].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it.each(DEFECTS.map((d) => [`${d.group} ${d.name} -> ${d.rule}`, d] as const))('%s', async (_title, defect) => {
    const docs = cleanDocs();
    defect.mutate(docs);
    const slug = defect.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    const written = await write(dir, slug, docs);
    const result = await run(dir, written.file);
    const added = result.findings.filter((f) => !cleanKeys.has(key(f)));
    const [kind, name] = defect.on.split('/') as [string, string];
    const hits = added.filter((f) => f.ruleId === defect.rule && f.resource?.kind === kind && f.resource.name === name);
    expect(
      hits.map((f) => `${f.ruleId} ${f.path}`),
      `new findings: ${added.map((f) => `${f.ruleId} ${f.resource?.kind}/${f.resource?.name} ${f.path}`).join('; ')}`,
    ).not.toEqual([]);
    const expectedLine = lineOf(written, docs, kind, name, defect.at);
    const hit = hits.find((f) => f.line === expectedLine);
    expect(
      hit,
      `a ${defect.rule} finding at line ${expectedLine} (got lines ${hits.map((f) => f.line).join(', ')})`,
    ).toBeDefined();
    if (!hit) return;
    expect(path.resolve(dir, hit.file)).toBe(written.file);
    expect(hit.line).toBeGreaterThanOrEqual(1);
    expect(hit.resource?.namespace).toBe(kind === 'Namespace' ? undefined : NS);
    expect(hit.waived).toBeUndefined();
    if (defect.severity) expect(hit.severity).toBe(defect.severity);
    if (defect.says) expect(hit.message).toContain(defect.says);
  });

  it('SEC-R-02 is an error because the namespace enforces restricted: under baseline it is a warning', async () => {
    const docs = cleanDocs();
    delete container(docs).securityContext.allowPrivilegeEscalation;
    find(docs, 'Namespace', NS).metadata.labels['pod-security.kubernetes.io/enforce'] = 'baseline';
    const result = await run(dir, (await write(dir, 'baseline-namespace', docs)).file);
    const found = result.findings.filter((f) => f.ruleId === 'SEC-R-02');
    expect(found.map((f) => f.severity)).toEqual(['warning']);
    expect(found[0]?.message).toContain('violates Pod Security "restricted"');
  });

  it('an expired waiver leaves the original finding unwaived', async () => {
    const docs = cleanDocs();
    container(docs).securityContext.readOnlyRootFilesystem = false;
    annotate(deployment(docs), `${WAIVE}SEC-H-01`, 'legacy image writes to /var/cache [expires=2026-11-01]');
    const written = await write(dir, 'expired-waiver', docs);
    const result = await run(dir, written.file);
    const original = result.findings.filter((f) => f.ruleId === 'SEC-H-01' && f.resource?.name === NS);
    expect(original).toHaveLength(1);
    expect(original[0]?.waived).toBeUndefined();
    expect(original[0]?.line).toBe(lineOf(written, docs, 'Deployment', NS, ['readOnlyRootFilesystem: false']));
    expect(result.summary.warning).toBe(clean.summary.warning + 1);
    expect(result.summary.error).toBe(clean.summary.error + 1); // the WVR-001
  });

  it(
    'a valid waiver (reason and future expiry) marks the finding waived ' + 'and it does not count as an error',
    async () => {
      const docs = cleanDocs();
      const service = find(docs, 'Service', NS);
      service.spec.type = 'LoadBalancer';
      annotate(
        service,
        `${WAIVE}SEC-H-06`,
        'HL7 feed from the hospital LAN cannot go through the Ingress [expires=2027-03-31]',
      );
      const written = await write(dir, 'valid-waiver', docs);
      const result = await run(dir, written.file);
      const added = result.findings.filter((f) => !cleanKeys.has(key(f)));
      const waived = added.filter((f) => f.ruleId === 'SEC-H-06');
      expect(waived).toHaveLength(1);
      expect(waived[0]?.severity).toBe('error');
      expect(waived[0]?.line).toBe(lineOf(written, docs, 'Service', NS, ['type: LoadBalancer']));
      expect(waived[0]?.waived).toEqual({
        reason: 'HL7 feed from the hospital LAN cannot go through the Ingress',
        expires: '2027-03-31',
      });
      expect(added.filter((f) => f.ruleId === 'WVR-001')).toEqual([]);
      expect(result.summary.error).toBe(clean.summary.error);
      expect(result.summary.waived).toBe(clean.summary.waived + 1);
      // Without the waiver the same defect is an error.
      delete service.metadata.annotations[`${WAIVE}SEC-H-06`];
      const unwaived = await run(dir, (await write(dir, 'unwaived', docs)).file);
      expect(unwaived.summary.error).toBe(clean.summary.error + 1);
    },
  );
});
