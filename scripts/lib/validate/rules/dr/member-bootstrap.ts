import type { Finding } from '../../../findings.js';
import { asObj, type Obj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { isMember, isReplica, resourcesOf, selfOf } from './shared.js';

const METHODS = ['initdb', 'pg_basebackup', 'recovery'] as const;

function appOf(cluster: Obj): { method: string; database: unknown; owner: unknown; secret: unknown } | undefined {
  const bootstrap = asObj(asObj(cluster.spec).bootstrap);
  const method = METHODS.find((m) => bootstrap[m] !== undefined && bootstrap[m] !== null);
  if (!method) return undefined;
  const b = asObj(bootstrap[method]);
  return { method, database: b.database, owner: b.owner, secret: asObj(b.secret).name };
}

/**
 * DR-007: every member can be (re)created from git, as the member it is, with the same roles. A
 * replica is bootstrapped by pg_basebackup or recovery (CloudNativePG's webhook refuses a new replica
 * bootstrapped by initdb) from the member it follows; and every member names the same application
 * database, owner and credentials Secret (CloudNativePG requires identical role definitions in
 * every member, or a promoted member manages app/app instead of prod's roles).
 */
export const drMemberBootstrap: Rule = {
  id: 'DR-007',
  name: 'dr-member-bootstrap',
  group: 'dr',
  severity: 'error',
  scope: 'run',
  description:
    'Every CloudNativePG member can be re-created from git: a replica ' +
    'member bootstraps by pg_basebackup or recovery from the member it ' +
    'follows, and every member names the same application database, owner ' +
    'and credentials Secret.',
  remediation:
    'Bootstrap replica members with pg_basebackup or recovery from the member they follow, and use the same ' +
    'database, owner and credentials Secret on every member.',
  check(ctx) {
    const members = resourcesOf(ctx, isMember);
    const out: Finding[] = [];
    for (const m of members) {
      const o = m.resource.object;
      const self = selfOf(m.resource);
      const bootstrap = asObj(asObj(o.spec).bootstrap);
      if (!isReplica(o)) continue;
      const method = appOf(o)?.method;
      if (method !== 'pg_basebackup' && method !== 'recovery') {
        out.push(
          ctx.report(
            m.resource,
            ['spec', 'bootstrap', ...(method ? [method] : [])],
            `member ${self} is a replica (of ` +
              `${String(asObj(asObj(o.spec).replica).primary)}) bootstrapped by ` +
              `${method ?? 'nothing'}: re-created from git it is refused ("replica ` +
              `mode bootstrap is compatible only with pg_basebackup or recovery"); ` +
              `expected pg_basebackup from the primary`,
          ),
        );
        continue;
      }
      const source = asObj(bootstrap[method]).source;
      const follows = asObj(asObj(o.spec).replica).source;
      if (method === 'pg_basebackup' && source !== follows)
        out.push(
          ctx.report(
            m.resource,
            ['spec', 'bootstrap', method, 'source'],
            `member ${self} follows ${String(follows)} but would clone from ` +
              `${String(source)}; expected pg_basebackup.source ${String(follows)}`,
          ),
        );
    }
    const apps = members.map((m) => ({ m, app: appOf(m.resource.object) })).filter((x) => x.app);
    const reference = apps.find((x) => !isReplica(x.m.resource.object)) ?? apps[0];
    if (!reference?.app) return out;
    const want = reference.app;
    for (const { m, app } of apps) {
      if (!app || m === reference.m) continue;
      const diff = (['database', 'owner', 'secret'] as const).filter((k) => app[k] !== want[k]);
      if (diff.length === 0) continue;
      out.push(
        ctx.report(
          m.resource,
          ['spec', 'bootstrap', app.method],
          `member ${selfOf(m.resource)}'s ${app.method} names ` +
            `${diff.map((k) => `${k} ${app[k] === undefined ? '(none)' : String(app[k])}`).join(', ')}` +
            `, but ${selfOf(reference.m.resource)} has ` +
            `${diff.map((k) => `${k} ${String(want[k])}`).join(', ')}: promoted, ` +
            `it would manage other roles than prod's; expected the same database, ` +
            `owner and secret in every member`,
        ),
      );
    }
    return out;
  },
};
