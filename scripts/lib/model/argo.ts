/**
 * Argo CD's model as the checks see it (ArgoContext): the Applications it generates become
 * resources located in their ApplicationSet's template, in the unit that renders the set.
 */
import type { ArgoModel } from '../argocd.js';
import { argoModelFromDocuments } from '../argocd.js';
import type { ClusterDescription } from '../clusters.js';
import type { FieldPath } from '../findings.js';
import type { PipelineContext } from '../pipeline.js';
import type { ArgoContext } from '../rules/types.js';
import type { Target } from '../targets.js';
import type { Resource, Unit } from './types.js';

/**
 * Argo CD's model for the cross-Application checks. Generated Applications become resources whose
 * fields are located in their ApplicationSet's template (spec.template...), in the bootstrap unit.
 */
export function argoContext(pipeline: PipelineContext, units: readonly Unit[]): ArgoContext | undefined {
  const argo = pipeline.argo;
  if (!argo) return undefined;
  return argoContextOf(argo, pipeline.targets, pipeline.clusters, units, false);
}

/**
 * Path mode: the AppProjects, Applications and ApplicationSets among the given files, with the
 * sets rendered against the working tree, so the argocd group can cross-check them.
 */
export async function pathArgoContext(root: string, units: readonly Unit[]): Promise<ArgoContext | undefined> {
  const documents = units.flatMap((u) =>
    u.resources.filter((r) => r.ref.apiVersion.startsWith('argoproj.io/')).map((r) => r.object),
  );
  if (documents.length === 0) return undefined;
  const model = await argoModelFromDocuments(root, documents);
  return argoContextOf(model, [], [], units, true);
}

export function argoContextOf(
  argo: ArgoModel,
  targets: readonly Target[],
  clusters: readonly ClusterDescription[],
  units: readonly Unit[],
  pathMode: boolean,
): ArgoContext {
  // With an Argo CD per site, each instance's bootstrap unit holds its own copy of an ApplicationSet
  // or Application: look there first.
  const ordered = (instance: string | undefined): Unit[] => {
    const own = argo.instances.find((i) => i.cluster === instance)?.bootstrapApp;
    return [...units].sort((a, b) => Number(b.name === own) - Number(a.name === own));
  };
  const appsetResource = (name: string, instance: string | undefined): Resource | undefined => {
    for (const u of ordered(instance)) {
      const r = u.resources.find((x) => x.ref.kind === 'ApplicationSet' && x.ref.name === name);
      if (r) return r;
    }
    return undefined;
  };
  const staticResource = (name: string, instance: string | undefined): Resource | undefined => {
    for (const u of ordered(instance)) {
      const r = u.resources.find(
        (x) => x.ref.kind === 'Application' && x.ref.apiVersion.startsWith('argoproj.io/') && x.ref.name === name,
      );
      if (r) return r;
    }
    return undefined;
  };
  const applications: Resource[] = [];
  for (const app of argo.applications) {
    if (!app.appset) {
      const r = staticResource(app.name, app.instance);
      if (r) applications.push(r);
      continue;
    }
    const appset = appsetResource(app.appset, app.instance);
    if (!appset) continue;
    const locate = (p: FieldPath) => appset.locate(p.length === 0 ? ['spec', 'template'] : ['spec', 'template', ...p]);
    const metadata = (app.object.metadata ?? {}) as Record<string, unknown>;
    let location: ReturnType<typeof locate> | undefined;
    applications.push({
      object: app.object,
      ref: {
        apiVersion: String(app.object.apiVersion),
        kind: 'Application',
        namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
        name: app.name,
      },
      unit: appset.unit,
      index: -1,
      // located when a finding asks (the set's source file is parsed only then)
      get location() {
        location ??= locate([]);
        return location;
      },
      locate,
      doc: undefined,
    });
  }
  return { model: argo, targets, clusters, applications, pathMode };
}
