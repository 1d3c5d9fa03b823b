/**
 * The RuleTester: every rule's valid and invalid cases, run in process (no kustomize, no CLI).
 *
 * A case is inline YAML (or a tests/fixtures/rules/<case>/ folder) loaded by the validator's own
 * loader (parseManifestsFast), so findings carry real file:line; the rule runs through the real
 * engine (createChecker: per-unit CheckContext, then the cross-unit GlobalContext with Argo CD's
 * model), and its findings are compared with the case's: rule id, file, line, field path, and
 * optionally resource, severity and a message substring.
 *
 * This is the one file that knows the validator's and the diff's types: when they move, fix it here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { argoModelFromDocuments } from '../../scripts/lib/argocd.js';
import type { ClusterDescription } from '../../scripts/lib/clusters.js';
import { loadClusters } from '../../scripts/lib/clusters.js';
import { sortFindings, type Finding, type Severity } from '../../scripts/lib/findings.js';
import { loadParityAllowList } from '../../scripts/lib/dr/allowlist.js';
import type { ParityAllowList } from '../../scripts/lib/dr/allowlist.js';
import { type ClusterFacts, diffSnapshots } from '../../scripts/lib/diff/compare.js';
import type { AppSnapshot, DeletionPolicy, Snapshot, SnapshotResource } from '../../scripts/lib/diff/snapshot.js';
import { identityKey, identityOf } from '../../scripts/lib/diff/snapshot.js';
import { DIFF_RULES } from '../../scripts/lib/diff/check.js';
import type { DiffRule } from '../../scripts/lib/diff/rules/types.js';
import { loadPolicy, type Policy } from '../../scripts/lib/policy.js';
import type { Target } from '../../scripts/lib/targets.js';
import { createChecker } from '../../scripts/lib/validate/engine.js';
import { parseManifestsFast } from '../../scripts/lib/model/fast-load.js';
import { DEFAULT_KUBE_VERSION } from '../../scripts/lib/model/load.js';
import { RULES } from '../../scripts/lib/validate/registry.js';
import { argoContextOf } from '../../scripts/lib/model/argo.js';
import { schemaSources } from '../../scripts/lib/validate/run.js';
import type { ArgoContext, Rule, Unit } from '../../scripts/lib/validate/types.js';
import { isRaised } from '../../scripts/lib/rules/types.js';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const TABLES_DIR = path.join(ROOT, 'tests/rules');
const FIXTURES = 'tests/fixtures/rules';
/** "today" for waiver expiry in the cases (fixed, so expiring waivers stay valid or expired) */
const NOW = new Date('2026-11-23T00:00:00Z');

/** One finding a case expects of its table's rule. */
export interface Expected {
  /** the file the finding names; defaults to the case's only file */
  readonly file?: string;
  readonly line: number;
  /** the field path ("" for a whole document or file) */
  readonly path: string;
  /** "Kind/name", or null for a finding about a file */
  readonly resource?: string | null;
  readonly severity?: Severity;
  /** a substring of the message */
  readonly message?: string;
}

/** A unit of a case: a deploy target (with environment) or a path argument (no environment). */
export interface UnitSpec {
  readonly name?: string;
  readonly environment?: string;
  readonly namespace?: string;
  readonly cluster?: string;
  readonly kubernetesVersion?: string;
  /** file name -> YAML text */
  readonly files: Readonly<Record<string, string>>;
}

export interface ClusterSpec extends Partial<ClusterDescription> {
  readonly name: string;
}

/** Argo CD's model for a case: path mode (the argoproj documents of the units), or repo mode with targets. */
export type ArgoSpec =
  | 'path'
  | {
      readonly clusters?: readonly ClusterSpec[];
      /** deploy targets (a unit is a target of the same name) */
      readonly targets?: readonly (Partial<Target> & { name: string; cluster: string })[];
      /** an Argo CD per site: the cluster each runs on, its app of apps (a unit) and its ApplicationSets */
      readonly instances?: readonly InstanceSpec[];
    };

export interface InstanceSpec {
  readonly cluster: string;
  /** the unit that is this instance's app of apps */
  readonly bootstrapApp: string;
  readonly applicationSets?: readonly Record<string, unknown>[];
}

export interface RuleCase {
  readonly name: string;
  /** one path-argument unit of one file, `<case name>.yaml` */
  readonly yaml?: string;
  readonly units?: readonly UnitSpec[];
  /** a tests/fixtures/rules/<dir>/<file> read from disk (its repo-relative path is the file) */
  readonly fixture?: string;
  readonly argo?: ArgoSpec;
  readonly kubeVersion?: string;
  readonly parityAllowList?: Partial<ParityAllowList>;
  /** findings of the rule; [] (or omitted) for a valid case */
  readonly expect?: readonly Expected[];
  /** valid cases of fixtures: also no unwaived error of any rule of the same group */
  readonly groupClean?: boolean;
}

export interface RuleTable {
  readonly rule: string;
  readonly valid: readonly RuleCase[];
  readonly invalid: readonly RuleCase[];
}

/** A rule whose verdict does not come from its own module (the API server, kustomize): tested elsewhere. */
export interface ExternalTable {
  readonly rule: string;
  readonly external: {
    readonly reason: string;
    /** the test files that cover it (each names the rule id) */
    readonly tests: readonly string[];
    /** when no test covers it yet: what is missing (reported, so the gap stays visible) */
    readonly gap?: string;
  };
}

// ---- diff rules --------------------------------------------------------------------------------

export interface AppSpec {
  readonly name: string;
  readonly cluster?: string;
  readonly environment?: string;
  readonly path?: string;
  /** file name -> YAML of what the Application deploys */
  readonly files?: Readonly<Record<string, string>>;
  readonly preserveResources?: boolean | undefined;
  readonly application?: Record<string, unknown>;
}

export interface DiffCase {
  readonly name: string;
  readonly base: readonly AppSpec[];
  readonly head: readonly AppSpec[];
  /** what each side's cluster descriptions say (a cluster absent from head is gone) */
  readonly clusterFacts?: { base?: Record<string, ClusterFacts>; head?: Record<string, ClusterFacts> };
  /** both sides' environments in promotion order (the clusters' spec.environments) */
  readonly environments?: readonly string[];
  readonly expect?: readonly Expected[];
}

export interface DiffTable {
  readonly rule: string;
  readonly diff: true;
  readonly valid: readonly DiffCase[];
  readonly invalid: readonly DiffCase[];
}

export type AnyTable = RuleTable | ExternalTable | DiffTable;

export const isExternal = (t: AnyTable): t is ExternalTable => 'external' in t;
export const isDiff = (t: AnyTable): t is DiffTable => 'diff' in t;

/** Why findings differ from the expected ones (same count, order, file, line, path, ...), or undefined. */
export function compareFindings(
  got: readonly Finding[],
  expected: readonly Expected[],
  defaultFile: string,
): string | undefined {
  const show = (f: Finding): string =>
    `${f.ruleId} ${f.file}:${f.line} ${f.path || '(document)'} ` +
    `${f.resource ? `${f.resource.kind}/${f.resource.name}` : '-'}: ${f.message}`;
  if (got.length !== expected.length)
    return `expected ${expected.length} finding(s), got ${got.length}:\n  ${got.map(show).join('\n  ')}`;
  for (const [i, e] of expected.entries()) {
    const f = got[i] as Finding;
    const resource = f.resource ? `${f.resource.kind}/${f.resource.name}` : null;
    const wrong = [
      f.file !== (e.file ?? defaultFile) && `file ${e.file ?? defaultFile}`,
      f.line !== e.line && `line ${e.line}`,
      f.path !== e.path && `path "${e.path}"`,
      e.resource !== undefined && resource !== e.resource && `resource ${e.resource}`,
      e.severity !== undefined && f.severity !== e.severity && `severity ${e.severity}`,
      e.message !== undefined && !f.message.includes(e.message) && `message containing "${e.message}"`,
    ].filter(Boolean);
    if (wrong.length > 0) return `finding ${i + 1}: expected ${wrong.join(', ')}; got ${show(f)}`;
  }
  return undefined;
}

// ---- loading -----------------------------------------------------------------------------------

let context: Promise<{ policy: Policy; kubeVersion: string; allowList: ParityAllowList }> | undefined;

/** The repo's policy.yaml, parity allow-list and lowest cluster version, as path-mode validate uses them. */
function repoContext() {
  context ??= (async () => {
    const clusters = await loadClusters(ROOT);
    const kubeVersion =
      clusters.map((c) => c.kubernetesVersion).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))[0] ??
      DEFAULT_KUBE_VERSION;
    return { policy: await loadPolicy(ROOT), kubeVersion, allowList: await loadParityAllowList(ROOT) };
  })();
  return context;
}

function unitsOf(c: RuleCase, kubeVersion: string): Unit[] {
  const specs: UnitSpec[] = c.units
    ? [...c.units]
    : c.fixture
      ? [{ name: c.fixture, files: { [c.fixture]: readFileSync(path.join(ROOT, c.fixture), 'utf8') } }]
      : [{ files: { [`${c.name}.yaml`]: c.yaml ?? '' } }];
  return specs.map((spec, i) => {
    const name = spec.name ?? (specs.length === 1 ? c.name : `unit-${i}`);
    const resources: Unit['resources'][number][] = [];
    const loadFindings: Finding[] = [];
    for (const [file, text] of Object.entries(spec.files)) {
      const parsed = parseManifestsFast(text, file, name, resources.length);
      resources.push(...parsed.resources);
      loadFindings.push(...parsed.findings);
    }
    return {
      name,
      environment: spec.environment,
      namespace: spec.namespace,
      kubernetesVersion: spec.kubernetesVersion ?? kubeVersion,
      cluster: spec.cluster,
      resources,
      loadFindings,
    };
  });
}

function clusterOf(spec: ClusterSpec): ClusterDescription {
  return {
    region: 'bd-dhaka',
    role: 'primary',
    server: `https://${spec.name}.example.org:6443`,
    kubernetesVersion: '1.32',
    environments: [],
    hostsArgoCD: false,
    operators: {},
    dir: `clusters/${spec.name}`,
    file: `clusters/${spec.name}/cluster.yaml`,
    ...spec,
  };
}

async function argoOf(c: RuleCase, units: readonly Unit[]): Promise<ArgoContext | undefined> {
  if (!c.argo) return undefined;
  const documents = units.flatMap((u) =>
    u.resources.filter((r) => r.ref.apiVersion.startsWith('argoproj.io/')).map((r) => r.object),
  );
  if (c.argo === 'path') {
    if (documents.length === 0) return undefined;
    return argoContextOf(await argoModelFromDocuments(ROOT, documents), [], [], units, true);
  }
  const clusters = (c.argo.clusters ?? []).map(clusterOf);
  const targets: Target[] = (c.argo.targets ?? []).map((t) => ({
    environment: 'prod',
    path: `overlays/${t.environment ?? 'prod'}`,
    namespace: undefined,
    kubernetesVersion: '1.32',
    ...t,
  }));
  const model = await argoModelFromDocuments(ROOT, documents);
  const instances = (c.argo.instances ?? []).map((i) => ({
    cluster: i.cluster,
    bootstrapFile: `argocd/${i.cluster}/bootstrap.yaml`,
    bootstrapApp: i.bootstrapApp,
    documents: [],
    built: { path: '', yaml: '' },
    applicationSets: i.applicationSets ?? [],
    projects: model.projects,
    clusterSecrets: [],
  }));
  return argoContextOf({ ...model, instances }, targets, clusters, units, false);
}

/** The rule with this id from the registry (or the one given, e.g. a mutant). */
export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}

/**
 * These rules run; every other registered id is known (a waiver naming it is not WVR-001) but checks nothing.
 */
function only(rules: readonly Rule[]): Rule[] {
  const ids = new Set(rules.map((r) => r.id));
  return [
    ...rules,
    ...RULES.filter((r) => !ids.has(r.id)).map((r): Rule => (isRaised(r) ? r : ({ ...r, check: () => [] } as Rule))),
  ];
}

/** Every finding the engine returns for a case when only `rules` run. */
export async function findingsOf(c: RuleCase, rules: readonly Rule[]): Promise<Finding[]> {
  const repo = await repoContext();
  const kubeVersion = c.kubeVersion ?? repo.kubeVersion;
  const units = unitsOf(c, kubeVersion);
  const checker = createChecker({
    rules,
    schemas: schemaSources(ROOT),
    kubeVersion: c.kubeVersion,
    policy: repo.policy,
    now: NOW,
    parityAllowList: c.parityAllowList ? { ...repo.allowList, ...c.parityAllowList } : repo.allowList,
  });
  const argo = await argoOf(c, units);
  return [...units.flatMap((u) => checker.unit(u)), ...checker.global(units, argo)];
}

/** Why a case's findings differ from what it expects, or undefined when they match. */
export async function checkCase(
  table: RuleTable,
  c: RuleCase,
  rule: Rule | undefined = ruleById(table.rule),
  options: { groupClean?: boolean } = {},
): Promise<string | undefined> {
  if (!rule) return `rule ${table.rule} is not registered`;
  const all = await findingsOf(c, only([rule]));
  const own = sortFindings(all.filter((f) => f.ruleId === table.rule));
  const defaultFile =
    c.fixture ??
    (c.units?.length === 1 && Object.keys(c.units[0]?.files ?? {}).length === 1
      ? (Object.keys(c.units[0]?.files ?? {})[0] as string)
      : `${c.name}.yaml`);
  const problem = compareFindings(own, c.expect ?? [], defaultFile);
  if (problem) return problem;
  if (c.groupClean && options.groupClean !== false) {
    const group = RULES.filter((r) => r.group === rule.group && r.id !== rule.id);
    const others = (await findingsOf(c, only(group))).filter((f) => f.severity === 'error' && !f.waived);
    if (others.length > 0)
      return (
        `valid case raises errors of group ${rule.group}: ` +
        others.map((f) => `${f.ruleId} ${f.line} ${f.message}`).join('; ')
      );
  }
  return undefined;
}

// ---- diff cases --------------------------------------------------------------------------------

function snapshotOf(
  apps: readonly AppSpec[],
  label: string,
  facts: Record<string, ClusterFacts> | undefined,
  environments?: readonly string[],
): Snapshot {
  const applications = new Map<string, AppSnapshot>();
  for (const a of apps) {
    const resources = new Map<string, SnapshotResource>();
    for (const [file, text] of Object.entries(a.files ?? {})) {
      for (const r of parseManifestsFast(text, file, a.name).resources) {
        const identity = identityOf(r.object);
        const key = identityKey(identity);
        resources.set(key, { key, identity, object: r.object, ref: r.ref, locate: r.locate });
      }
    }
    const deletion: DeletionPolicy = {
      preserveResources: a.preserveResources,
      source: `ApplicationSet environments (argocd/base/applicationsets/environments.yaml)`,
    };
    applications.set(a.name, {
      name: a.name,
      cluster: a.cluster ?? 'bd-dhaka-1',
      environment: a.environment ?? 'prod',
      path: a.path ?? `overlays/${a.environment ?? 'prod'}`,
      resources,
      deletion,
      application: (a.application ?? {
        project: 'zarish-his',
        destination: { server: 'https://dhaka.example.org:6443', namespace: 'zarish-his-prod' },
      }) as unknown as AppSnapshot['application'],
    });
  }
  return {
    label,
    commit: undefined,
    applications,
    notes: [],
    clusterFacts: facts ? new Map(Object.entries(facts)) : undefined,
    environments,
  };
}

export function diffRuleById(id: string): DiffRule | undefined {
  return DIFF_RULES.find((r) => r.id === id);
}

export function diffFindingsOf(c: DiffCase, rule: DiffRule): Finding[] {
  const diff = diffSnapshots(
    snapshotOf(c.base, 'main', c.clusterFacts?.base, c.environments),
    snapshotOf(c.head, 'working tree', c.clusterFacts?.head, c.environments),
  );
  return rule.check({ diff });
}

export function checkDiffCase(
  table: DiffTable,
  c: DiffCase,
  rule: DiffRule | undefined = diffRuleById(table.rule),
): string | undefined {
  if (!rule) return `diff rule ${table.rule} is not registered`;
  const own = diffFindingsOf(c, rule).filter((f) => f.ruleId === table.rule);
  const files = [...c.head, ...c.base].flatMap((a) => Object.keys(a.files ?? {}));
  return compareFindings(own, c.expect ?? [], files[0] ?? '');
}

// ---- fixtures and discovery --------------------------------------------------------------------

interface FixtureExpected {
  rule: string;
  kubeVersion?: string;
  findings: { resource: string | null; line: number; path: string; message?: string }[];
}

/** The two cases of a tests/fixtures/rules/<dir>/ folder: fail.yaml (invalid) and pass.yaml (valid). */
export function fixture(dir: string): { valid: RuleCase; invalid: RuleCase } {
  const base = `${FIXTURES}/${dir}`;
  const expected = parse(readFileSync(path.join(ROOT, base, 'expected.yaml'), 'utf8')) as FixtureExpected;
  const kube = expected.kubeVersion ? { kubeVersion: expected.kubeVersion } : {};
  return {
    invalid: {
      name: `${dir} fail.yaml`,
      fixture: `${base}/fail.yaml`,
      ...kube,
      argo: 'path',
      expect: expected.findings.map((f) => ({
        line: f.line,
        path: f.path,
        resource: f.resource,
        ...(f.message ? { message: f.message } : {}),
      })),
    },
    valid: { name: `${dir} pass.yaml`, fixture: `${base}/pass.yaml`, ...kube, argo: 'path', groupClean: true },
  };
}

/** The tables in tests/rules/<group>/*.cases.ts, each module's default export (a table or a list). */
export async function loadTables(): Promise<{ file: string; table: AnyTable }[]> {
  const out: { file: string; table: AnyTable }[] = [];
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.cases.ts') ? [path.join(dir, e.name)] : [],
    );
  for (const file of walk(TABLES_DIR).sort()) {
    const mod = (await import(pathToFileURL(file).href)) as { default: AnyTable | readonly AnyTable[] };
    const tables = Array.isArray(mod.default) ? mod.default : [mod.default as AnyTable];
    for (const table of tables) out.push({ file: path.relative(ROOT, file), table });
  }
  return out;
}
