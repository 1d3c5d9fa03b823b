/** The Clusters generator: one parameter set per cluster Secret (and the local cluster), filtered by selector. */
import { isObj } from '../../objects.js';
import { sanitizeName } from '../normalize.js';
import { isEmptySelector, parseSelector, selectorMatches } from '../selector.js';
import type { Params } from '../template.js';
import { appendTemplatedValues } from './params.js';
import type { ClusterInfo, Generator, Obj } from './types.js';

export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
export const IN_CLUSTER_NAME = 'in-cluster';
const SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';

function decodeData(data: unknown, key: string): string | undefined {
  if (!isObj(data) || typeof data[key] !== 'string') return undefined;
  return Buffer.from(data[key] as string, 'base64').toString('utf8');
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(v)) for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'string' ? x : String(x);
  return out;
}

/** Read a cluster Secret (`argocd.argoproj.io/secret-type: cluster`); undefined for other objects. */
export function parseClusterSecret(obj: Obj, argocdNamespace: string): ClusterInfo | undefined {
  if (obj.kind !== 'Secret') return undefined;
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const labels = stringMap(meta.labels);
  if (labels[SECRET_TYPE_LABEL] !== 'cluster') return undefined;
  if (typeof meta.namespace === 'string' && meta.namespace !== argocdNamespace) return undefined;
  const field = (k: string): string | undefined => {
    const sd = isObj(obj.stringData) ? obj.stringData[k] : undefined;
    if (typeof sd === 'string') return sd;
    return decodeData(obj.data, k);
  };
  return {
    secretName: typeof meta.name === 'string' ? meta.name : '',
    name: field('name') ?? '',
    server: field('server') ?? '',
    project: field('project'),
    labels,
    annotations: stringMap(meta.annotations),
  };
}

export const clustersGenerator: Generator = {
  kind: 'clusters',
  generate(g, ctx, where) {
    const selector = parseSelector(g.selector, `${where}.selector`);
    const ignoreLocal = !isEmptySelector(selector);
    const hasInClusterSecret = ctx.clusters.some((c) => c.server === IN_CLUSTER_SERVER);
    // Secrets are keyed by their cluster name: two secrets with the same name collapse into one.
    const byName = new Map<string, ClusterInfo>();
    for (const c of ctx.clusters) if (selectorMatches(selector, c.labels)) byName.set(c.name, c);
    const res: Params[] = [];
    if (!hasInClusterSecret && !ignoreLocal && ctx.inClusterEnabled && !byName.has(IN_CLUSTER_NAME)) {
      const params: Params = {
        name: IN_CLUSTER_NAME,
        nameNormalized: IN_CLUSTER_NAME,
        server: IN_CLUSTER_SERVER,
        project: '',
      };
      appendTemplatedValues(g.values, params, ctx, where);
      res.push(params);
    }
    for (const c of byName.values()) {
      const params: Params = {
        name: c.name,
        nameNormalized: sanitizeName(c.name),
        server: c.server,
        project: c.project ?? '',
      };
      if (ctx.engine.goTemplate) {
        const meta: Obj = {};
        if (Object.keys(c.annotations).length > 0) meta.annotations = { ...c.annotations };
        if (Object.keys(c.labels).length > 0) meta.labels = { ...c.labels };
        params.metadata = meta;
      } else {
        for (const [k, v] of Object.entries(c.annotations)) params[`metadata.annotations.${k}`] = v;
        for (const [k, v] of Object.entries(c.labels)) params[`metadata.labels.${k}`] = v;
      }
      appendTemplatedValues(g.values, params, ctx, where);
      res.push(params);
    }
    if (g.flatList === true) return [{ clusters: res }];
    return res;
  },
};
