import type { Finding } from '../../../findings.js';
import { asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { nameOf, resourcesOf } from '../references/workloads.js';
import { BARMAN, specOf } from './shared.js';

/**
 * OPR-PG-08: plugin-barman-cloud (0.14) forbids configuration.serverName on an ObjectStore; the server name is a
 * parameter of the Cluster's plugin entry (default: the Cluster's name), so two clusters can share one store.
 */
export const barmanObjectStoreServerName: Rule = {
  id: 'OPR-PG-08',
  name: 'barman-objectstore-servername',
  group: 'operators',
  severity: 'error',
  scope: 'resource',
  description:
    'A Barman Cloud ObjectStore does not set spec.configuration.serverName ' +
    "(it belongs in the Cluster's plugin parameters).",
  remediation:
    "Remove spec.configuration.serverName from the ObjectStore and set serverName in the Cluster's plugin " +
    'parameters.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of resourcesOf(ctx.unit, BARMAN, 'ObjectStore')) {
      const serverName = asObj(specOf(r).configuration).serverName;
      if (serverName === undefined) continue;
      out.push(
        ctx.report(
          r,
          ['spec', 'configuration', 'serverName'],
          `ObjectStore ${nameOf(r)} sets configuration.serverName (` +
            `${String(serverName)}); the Barman Cloud plugin rejects it ("use the ` +
            `'serverName' plugin parameter in the Cluster resource"): expected ` +
            `serverName in the Cluster's spec.plugins[].parameters`,
        ),
      );
    }
    return out;
  },
};
