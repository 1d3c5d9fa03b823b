/**
 * The ApplicationSet controller's GenerateApplications, offline:
 *  1. each generator is transformed into param sets + its effective template;
 *  2. each param set renders the template (string-only, keys included);
 *  3. templatePatch (goTemplate only) is rendered and strategic-merged,
 *     without ever changing spec.project;
 *  4. metadata.namespace is forced to the ApplicationSet's namespace;
 *  5. the resources finalizer is added unless the template has finalizers or
 *     syncPolicy.preserveResourcesOnDeletion is true;
 *  6. an Application the controller or API server refuses (duplicate, empty or invalid name) is
 *     left out with an error, the others are kept; output is sorted by name.
 * A generator or template failure leaves the ApplicationSet with no Applications and one error;
 * the other ApplicationSets are still rendered.
 */
import { AppSetError, GenerationError } from './errors.js';
import { parseClusterSecret, transform } from './generators/index.js';
import type { ClusterInfo, GeneratorContext } from './generators/index.js';
import type { GitFileGlobbing } from './glob.js';
import { parseGoTemplateOptions } from './gotemplate/index.js';
import { strategicMergeApplication } from './patch.js';
import type { RepoSource } from './repo-source.js';
import { prepare, renderDeep, renderString } from './template.js';
import type { Engine, Params } from './template.js';
import { parseArgoYaml } from './yaml.js';
import { isObj, type Obj } from '../objects.js';

export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

export interface RenderInput {
  appsets: Record<string, unknown>[];
  clusterSecrets: Record<string, unknown>[];
  repo: RepoSource;
  /** repoURLs that map to `repo` (git generators pointing at another repo are an error) */
  repoURLs: string[];
  /** default 'argocd' */
  argocdNamespace?: string;
  /** git files generator globbing; 'legacy' is Argo CD's default, 'doublestar' = enable.new.git.file.globbing */
  gitFileGlobbing?: GitFileGlobbing;
  /** argocd-cm cluster.inClusterEnabled; default true */
  inClusterEnabled?: boolean;
}

export interface RenderedApplication {
  appset: string;
  application: Record<string, unknown>;
}

export interface RenderResult {
  applications: RenderedApplication[];
  errors: AppSetError[];
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * Why the controller would not create this Application (an empty name: validateGeneratedApplications;
 * an invalid name or label value: the API server), or undefined.
 */
function applicationProblem(app: Obj): string | undefined {
  const meta = app.metadata as Obj;
  const name = meta.name;
  if (typeof name !== 'string' || name === '') {
    return (
      'a generated Application has an empty metadata.name (set ' +
      'template.metadata.name; a name set only in templatePatch is not ' +
      'enough)'
    );
  }
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    return (
      `generated Application name ${JSON.stringify(name)} is not a valid ` +
      `Kubernetes name (expected a lowercase RFC 1123 subdomain: [a-z0-9], ` +
      `'-' and '.', at most 253 characters); the API server would reject it ` +
      `— is a template parameter missing?`
    );
  }
  if (isObj(meta.labels)) {
    for (const [k, v] of Object.entries(meta.labels)) {
      if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
        return (
          `generated Application ${JSON.stringify(name)} has an invalid value ` +
          `for label ${JSON.stringify(k)}: ${JSON.stringify(v)} (expected at ` +
          `most 63 characters of [A-Za-z0-9-_.], starting and ending ` +
          `alphanumeric); the API server would reject it`
        );
      }
    }
  }
  return undefined;
}

interface AppSetSpec {
  name: string;
  namespace: string;
  engine: Engine;
  template: Obj;
  templatePatch: string | undefined;
  generators: Obj[];
  preserveResources: boolean;
}

function readAppSet(appset: Obj, argocdNamespace: string): AppSetSpec {
  const meta = isObj(appset.metadata) ? appset.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (name === '') throw new AppSetError('<unnamed>', 'metadata.name is required');
  const fail = (msg: string): never => {
    throw new AppSetError(name, msg);
  };
  if (appset.kind !== 'ApplicationSet') fail(`expected kind ApplicationSet, got ${JSON.stringify(appset.kind)}`);
  const spec = appset.spec;
  if (!isObj(spec)) return fail('spec is required (an object with generators and template)');
  const goTemplate = spec.goTemplate === true;
  if (spec.goTemplate !== undefined && typeof spec.goTemplate !== 'boolean')
    fail(`spec.goTemplate must be a boolean, got ${JSON.stringify(spec.goTemplate)}`);
  let options: ReturnType<typeof parseGoTemplateOptions>;
  try {
    if (spec.goTemplateOptions !== undefined && !Array.isArray(spec.goTemplateOptions))
      throw new GenerationError('spec.goTemplateOptions must be a list of strings');
    options = parseGoTemplateOptions(spec.goTemplateOptions as unknown[] | undefined);
  } catch (e) {
    return fail((e as Error).message);
  }
  const template = spec.template;
  if (!isObj(template)) return fail('spec.template is required (metadata + spec of the Applications to generate)');
  if (!Array.isArray(spec.generators) || spec.generators.length === 0) fail('spec.generators must be a non-empty list');
  const generators = spec.generators as unknown[];
  generators.forEach((g, i) => {
    if (!isObj(g)) fail(`spec.generators[${i}] must be an object holding one generator`);
  });
  let templatePatch: string | undefined;
  if (spec.templatePatch !== undefined && spec.templatePatch !== null) {
    if (typeof spec.templatePatch !== 'string')
      fail('spec.templatePatch must be a string (a templated YAML/JSON patch)');
    // with fasttemplate the controller still renders it ({{param}} substitution) and applies it
    templatePatch = spec.templatePatch as string;
  }
  const syncPolicy = isObj(spec.syncPolicy) ? spec.syncPolicy : undefined;
  return {
    name,
    namespace: typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : argocdNamespace,
    engine: { goTemplate, options },
    template,
    templatePatch,
    generators: generators as Obj[],
    preserveResources: syncPolicy?.preserveResourcesOnDeletion === true,
  };
}

/** GetTempApplication: only name, namespace, labels, annotations, finalizers and spec are used. */
function templateApplication(t: Obj): Obj {
  const meta = isObj(t.metadata) ? t.metadata : {};
  const m: Obj = {};
  for (const k of ['name', 'namespace', 'labels', 'annotations', 'finalizers'])
    if (meta[k] !== undefined && meta[k] !== null) m[k] = meta[k];
  return { metadata: m, spec: isObj(t.spec) ? t.spec : {} };
}

function renderOne(s: AppSetSpec, tmplApp: Obj, params: Params): Obj {
  let app: Obj;
  if (Object.keys(params).length === 0) {
    // RenderTemplateParams returns the template untouched (and adds no finalizer) for empty params
    app = JSON.parse(JSON.stringify(tmplApp)) as Obj;
  } else {
    const prepared = prepare(params, s.engine);
    app = renderDeep(tmplApp, prepared, s.engine, ['spec', 'template']) as Obj;
    const meta = (isObj(app.metadata) ? app.metadata : {}) as Obj;
    app.metadata = meta;
    const finalizers = Array.isArray(meta.finalizers) ? meta.finalizers : [];
    if (finalizers.length === 0 && !s.preserveResources) meta.finalizers = [RESOURCES_FINALIZER];
    if (s.templatePatch !== undefined) {
      let rendered: string;
      try {
        rendered = renderString(s.templatePatch, prepared, s.engine);
      } catch (e) {
        if (e instanceof GenerationError) e.path ??= ['spec', 'templatePatch'];
        throw e;
      }
      let patch: unknown;
      try {
        patch = parseArgoYaml(rendered);
      } catch (e) {
        throw new GenerationError(
          `error converting templatePatch to JSON (rendered patch is not valid ` +
            `YAML/JSON): ${(e as Error).message}\n--- rendered templatePatch ---\n` +
            `${rendered}`,
          ['spec', 'templatePatch'],
        );
      }
      const project = (app.spec as Obj | undefined)?.project;
      app = strategicMergeApplication(app, patch);
      // the patch can never change spec.project
      const spec = isObj(app.spec) ? app.spec : {};
      if (project === undefined) delete spec.project;
      else spec.project = project;
      app.spec = spec;
    }
  }
  return app;
}

function finalizeApplication(s: AppSetSpec, app: Obj): Obj {
  const meta = isObj(app.metadata) ? app.metadata : {};
  const outMeta: Obj = { name: meta.name ?? '', namespace: s.namespace };
  if (isObj(meta.labels) && Object.keys(meta.labels).length > 0) outMeta.labels = meta.labels;
  if (isObj(meta.annotations) && Object.keys(meta.annotations).length > 0) outMeta.annotations = meta.annotations;
  if (Array.isArray(meta.finalizers) && meta.finalizers.length > 0) outMeta.finalizers = meta.finalizers;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: outMeta,
    spec: isObj(app.spec) ? app.spec : {},
  };
}

/**
 * The Applications the controller creates for one ApplicationSet, and why it skips the others:
 * GenerateApplications failing (a GenerationError: no Applications at all) is thrown; Applications
 * validateGeneratedApplications or the API server refuse (every copy of a duplicated name, an empty
 * or invalid name) are left out, each with a problem, and the others are still created.
 */
async function renderAppSet(s: AppSetSpec, ctx: GeneratorContext): Promise<{ apps: Obj[]; problems: string[] }> {
  const apps: Obj[] = [];
  for (let i = 0; i < s.generators.length; i++) {
    const results = await transform(s.generators[i] as Obj, s.template, ctx, undefined, `spec.generators[${i}]`);
    for (const r of results) {
      const tmplApp = templateApplication(r.template);
      for (const params of r.params) apps.push(finalizeApplication(s, renderOne(s, tmplApp, params)));
    }
  }
  const problems: string[] = [];
  const count = new Map<string, number>();
  for (const app of apps) {
    const name = String((app.metadata as Obj).name ?? '');
    count.set(name, (count.get(name) ?? 0) + 1);
  }
  const kept: Obj[] = [];
  for (const app of apps) {
    const name = String((app.metadata as Obj).name ?? '');
    const problem = applicationProblem(app);
    if (problem !== undefined) problems.push(problem);
    else if ((count.get(name) ?? 0) > 1) {
      const message =
        `ApplicationSet ${s.name} contains applications with duplicate name: ` +
        `${name} (the controller creates none of the ${String(count.get(name))} ` +
        `copies; make template.metadata.name unique per parameter set)`;
      if (!problems.includes(message)) problems.push(message);
    } else kept.push(app);
  }
  return { apps: kept, problems };
}

function compareApps(a: RenderedApplication, b: RenderedApplication): number {
  const na = String((a.application.metadata as Obj).name);
  const nb = String((b.application.metadata as Obj).name);
  if (na !== nb) return na < nb ? -1 : 1;
  return a.appset < b.appset ? -1 : a.appset > b.appset ? 1 : 0;
}

/** Render every ApplicationSet, collecting one error per failing ApplicationSet. */
export async function renderApplicationSetsSettled(input: RenderInput): Promise<RenderResult> {
  const argocdNamespace = input.argocdNamespace ?? 'argocd';
  const clusters: ClusterInfo[] = [];
  for (const obj of input.clusterSecrets) {
    const c = isObj(obj) ? parseClusterSecret(obj, argocdNamespace) : undefined;
    if (c !== undefined) clusters.push(c);
  }
  const applications: RenderedApplication[] = [];
  const errors: AppSetError[] = [];
  const owner = new Map<string, string>();
  for (const raw of input.appsets) {
    let spec: AppSetSpec;
    try {
      spec = readAppSet(raw, argocdNamespace);
    } catch (e) {
      if (e instanceof AppSetError) {
        errors.push(e);
        continue;
      }
      throw e;
    }
    const ctx: GeneratorContext = {
      engine: spec.engine,
      clusters,
      repo: input.repo,
      repoURLs: input.repoURLs,
      globbing: input.gitFileGlobbing ?? 'legacy',
      inClusterEnabled: input.inClusterEnabled ?? true,
    };
    try {
      const { apps, problems } = await renderAppSet(spec, ctx);
      for (const problem of problems)
        errors.push(new AppSetError(spec.name, problem, ['spec', 'template', 'metadata', 'name']));
      for (const app of apps) {
        const name = (app.metadata as Obj).name as string;
        const key = `${spec.namespace}/${name}`;
        const prev = owner.get(key);
        if (prev !== undefined) {
          throw new GenerationError(
            `generates Application ${JSON.stringify(name)}, which ApplicationSet ` +
              `${JSON.stringify(prev)} already generates; the controller would ` +
              `refuse to take it over`,
          );
        }
      }
      for (const app of apps) owner.set(`${spec.namespace}/${String((app.metadata as Obj).name)}`, spec.name);
      applications.push(...apps.map((application) => ({ appset: spec.name, application })));
    } catch (e) {
      if (e instanceof GenerationError) errors.push(new AppSetError(spec.name, e.message, e.path));
      else if (e instanceof AppSetError) errors.push(e);
      else throw e;
    }
  }
  applications.sort(compareApps);
  return { applications, errors };
}

/** Render every ApplicationSet; throws the first AppSetError (in input order) if any failed. */
export async function renderApplicationSets(input: RenderInput): Promise<RenderedApplication[]> {
  const { applications, errors } = await renderApplicationSetsSettled(input);
  const first = errors[0];
  if (first !== undefined) throw first;
  return applications;
}
