import type { Finding } from '../../../findings.js';
import { asArray, asObj } from '../../k8s.js';
import { isClusterScoped } from '../schema/duplicate-resource.js';
import type { Rule } from '../../types.js';
import { kindListed, permitted, projectNamed, unitNamed } from './shared.js';

/**
 * ARGO-002: what Argo CD enforces at sync time, checked before merge: the Application's project
 * exists, allows its source repo and destination, every cluster-scoped kind it renders, and the
 * namespace of every namespaced resource.
 */
export const projectPermits: Rule = {
  id: 'ARGO-002',
  name: 'project-permits',
  group: 'argocd',
  severity: 'error',
  scope: 'run',
  needsArgo: true,
  description:
    "Every Application's AppProject exists and permits its source repo, " +
    'destination, the namespaces it writes to and every cluster-scoped ' +
    'kind it renders.',
  remediation:
    "Add the source repo, destination, namespace or cluster-scoped kind to the AppProject's sourceRepos, " +
    'destinations or clusterResourceWhitelist, or move the Application to a project that permits it.',
  check(ctx) {
    const argo = ctx.argo;
    if (!argo) return [];
    // Path mode cross-checks the given files: only when they hold the AppProjects too.
    if (argo.pathMode && argo.model.projects.length === 0) return [];
    const where = argo.pathMode ? 'the given files' : 'the repo';
    const out: Finding[] = [];
    for (const app of argo.applications) {
      const spec = asObj(app.object.spec);
      const projectName = String(spec.project ?? '');
      // An Argo CD sees only its own projects: with one per site, look in the instance that runs the Application.
      const instance = argo.targets.find((t) => t.name === app.ref.name)?.application?.instance;
      const projects = argo.model.instances?.find((i) => i.cluster === instance)?.projects ?? argo.model.projects;
      const project = projectNamed(projects, projectName);
      if (!project) {
        out.push(
          ctx.report(
            app,
            ['spec', 'project'],
            `Application ${app.ref.name} uses project "${projectName}", which no ` +
              `AppProject ${instance ? `of ${instance}'s Argo CD` : `in ${where}`}` +
              ` defines (expected one of ` +
              `${projects.map((p) => String(asObj(p.metadata).name)).join(', ')})`,
          ),
        );
        continue;
      }
      const pspec = asObj(project.spec);
      const repo = String(asObj(spec.source).repoURL ?? '');
      if (!permitted(asArray(pspec.sourceRepos).map(String), repo))
        out.push(
          ctx.report(
            app,
            ['spec', 'source', 'repoURL'],
            `project ${projectName} does not allow source repo ${repo}` +
              ` (sourceRepos: ${asArray(pspec.sourceRepos).join(', ') || 'none'})`,
          ),
        );
      // Argo CD matches the Application's destination as written (server URL, or cluster name).
      const destination = asObj(spec.destination);
      const server = typeof destination.server === 'string' ? destination.server : undefined;
      const clusterName = typeof destination.name === 'string' ? destination.name : undefined;
      const destinations = asArray(pspec.destinations).map(asObj);
      const allowsNamespace = (ns: string): boolean =>
        destinations.some(
          (d) =>
            (server !== undefined
              ? d.server !== undefined && permitted([String(d.server)], server)
              : d.name !== undefined && permitted([String(d.name)], clusterName ?? '')) &&
            permitted([String(d.namespace ?? '*')], ns),
        );
      const destNamespace = String(asObj(spec.destination).namespace ?? '');
      const destinationDenied = !allowsNamespace(destNamespace);
      const unit = unitNamed(ctx.units, app.ref.name ?? '');
      if (destinationDenied) {
        // Located where the fix goes: the project's destinations (else the Application's destination). One
        // finding per resource it keeps from syncing; the reports collapse them into one root cause.
        const projectResource = ctx.units
          .flatMap((u) => u.resources)
          .find(
            (r) =>
              r.ref.kind === 'AppProject' && r.ref.apiVersion.startsWith('argoproj.io/') && r.ref.name === projectName,
          );
        const message =
          `project ${projectName} does not allow destination ` +
          `${server ?? clusterName ?? '(none)'} namespace ` +
          `${destNamespace || '(none)'} of Application ${app.ref.name} (expected ` +
          `it in the project's spec.destinations)`;
        const at = (text: string) =>
          projectResource
            ? ctx.report(projectResource, ['spec', 'destinations'], text)
            : ctx.report(app, ['spec', 'destination'], text);
        const blocked = (unit?.resources ?? []).filter(
          (r) => !isClusterScoped(r.ref.apiVersion, r.ref.kind) && (r.ref.namespace ?? destNamespace) === destNamespace,
        );
        if (blocked.length === 0) out.push(at(message));
        for (const r of blocked)
          out.push({
            ...at(`${message}: ${r.ref.kind} ${r.ref.name} cannot sync`),
            resource: r.ref,
            unit: r.unit,
          });
      }
      if (!unit) continue;
      const reportedKinds = new Set<string>();
      for (const r of unit.resources) {
        const { apiVersion, kind } = r.ref;
        if (isClusterScoped(apiVersion, kind)) {
          const key = `${apiVersion}/${kind}`;
          const allowed =
            kindListed(pspec.clusterResourceWhitelist, apiVersion, kind) &&
            !kindListed(pspec.clusterResourceBlacklist, apiVersion, kind);
          if (!allowed && !reportedKinds.has(key)) {
            reportedKinds.add(key);
            out.push(
              ctx.report(
                r,
                ['kind'],
                `Application ${app.ref.name} renders cluster-scoped ${kind}, which ` +
                  `project ${projectName} does not allow (add it to ` +
                  `clusterResourceWhitelist, or move it to the platform project)`,
              ),
            );
          }
          continue;
        }
        const ns = r.ref.namespace ?? destNamespace;
        if (!allowsNamespace(ns) && !(destinationDenied && ns === destNamespace))
          out.push(
            ctx.report(
              r,
              ['metadata', 'namespace'],
              `Application ${app.ref.name} writes ${kind} ${r.ref.name} into ` +
                `namespace ${ns}, which project ${projectName} does not allow on ` +
                `${server ?? clusterName ?? '(no destination)'}`,
            ),
          );
        const whitelist = pspec.namespaceResourceWhitelist;
        if (
          (Array.isArray(whitelist) && !kindListed(whitelist, apiVersion, kind)) ||
          kindListed(pspec.namespaceResourceBlacklist, apiVersion, kind)
        ) {
          out.push(
            ctx.report(
              r,
              ['kind'],
              `project ${projectName} does not allow namespaced kind ${kind} (namespaceResourceWhitelist/Blacklist)`,
            ),
          );
        }
      }
    }
    return out;
  },
};
