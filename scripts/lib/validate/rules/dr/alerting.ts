import type { Finding } from '../../../findings.js';
import { asArray, asObj } from '../../k8s.js';
import type { Resource, Rule } from '../../types.js';
import { alertsOf, hostOf, isKind, resourcesOf } from './shared.js';

const RECEIVER_METRIC = 'cnpg_pg_replication_is_wal_receiver_up';
const LAG_METRIC = 'cnpg_pg_replication_lag';

/**
 * DR-005: the DR alerts can fire. The failover trigger is evaluated at the site that survives: a
 * dr_trigger alert on probe_success of blackbox probes, run from the DR cluster, of the primary
 * cluster's API server. A replication alert reads the WAL receiver status, not only the lag (which
 * is 0 on a replica whose receiver is down with nothing pending).
 */
export const drAlerting: Rule = {
  id: 'DR-005',
  name: 'dr-alerting',
  group: 'dr',
  severity: 'error',
  scope: 'run',
  needsArgo: true,
  description:
    "The DR cluster's own Prometheus probes the primary cluster (a " +
    "blackbox ServiceMonitor with /probe targets including the primary's " +
    'API server) and a dr_trigger alert there reads probe_success; ' +
    'replication alerts on cnpg_pg_replication_lag also read ' +
    'cnpg_pg_replication_is_wal_receiver_up.',
  remediation:
    'On the DR cluster, add a blackbox ServiceMonitor probing the primary (its API server included) and a ' +
    'dr_trigger alert on probe_success; make lag alerts also read cnpg_pg_replication_is_wal_receiver_up.',
  check(ctx) {
    const argo = ctx.argo;
    if (!argo) return [];
    const out: Finding[] = [];
    const rules = resourcesOf(ctx, (r) => isKind(r, 'monitoring.coreos.com', 'PrometheusRule'));
    for (const r of rules) {
      for (const a of alertsOf(r.resource)) {
        if (a.expr.includes(LAG_METRIC) && !a.expr.includes(RECEIVER_METRIC)) {
          out.push(
            ctx.report(
              r.resource,
              [...a.path, 'expr'],
              `alert ${a.alert} reads ${LAG_METRIC} only: it is 0 on a replica whose ` +
                `WAL receiver is down with nothing pending; expected it to also fire ` +
                `on ${RECEIVER_METRIC} == 0 while in recovery`,
            ),
          );
        }
      }
    }
    const primaries = argo.clusters.filter((c) => c.role === 'primary');
    for (const dr of argo.clusters.filter((c) => c.role === 'dr')) {
      const here = (x: { cluster: string | undefined }): boolean => x.cluster === dr.name;
      const monitors = resourcesOf(ctx, (r) => isKind(r, 'monitoring.coreos.com', 'ServiceMonitor')).filter(here);
      const probed = new Set<string>();
      for (const m of monitors) {
        for (const e of asArray(asObj(m.resource.object.spec).endpoints).map(asObj)) {
          if (e.path !== '/probe') continue;
          for (const t of asArray(asObj(e.params).target).map(String)) probed.add(hostOf(t));
        }
      }
      const ownRules = rules.filter(here);
      const anchor: Resource | undefined = ownRules[0]?.resource ?? resourcesOf(ctx, () => true).find(here)?.resource;
      if (!anchor) continue;
      for (const p of primaries) {
        if (!probed.has(hostOf(p.server))) {
          out.push(
            ctx.report(
              anchor,
              ['spec'],
              `nothing on ${dr.name} probes ${p.name}'s API server ${p.server}: when ` +
                `${p.name} is gone, its own Prometheus is gone with it and no alert ` +
                `can say so; expected a blackbox ServiceMonitor on ${dr.name} (path ` +
                `/probe, params.target ${hostOf(p.server)})`,
            ),
          );
        }
      }
      const trigger = ownRules.some((r) =>
        alertsOf(r.resource).some((a) => a.labels.dr_trigger === 'true' && a.expr.includes('probe_success')),
      );
      if (!trigger) {
        out.push(
          ctx.report(
            anchor,
            ['spec'],
            `no dr_trigger alert evaluated on ${dr.name} reads probe_success: ` +
              `"primary region unavailable" must be decided by the surviving site's ` +
              `Prometheus from its probes of ` +
              `${primaries.map((p) => p.name).join(', ')}`,
          ),
        );
      }
    }
    return out;
  },
};
