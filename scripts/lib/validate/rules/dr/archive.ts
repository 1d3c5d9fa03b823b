import type { Finding } from '../../../findings.js';
import { asArray, asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { RETIRED_ANNOTATION } from '../../../dr/files.js';
import { isMember, resourcesOf, selfOf, walArchiver } from './shared.js';

/**
 * DR-008: each member archives WAL where the other members read it, under a serverName no other
 * member or earlier generation uses. The Barman Cloud plugin refuses to archive a new cluster into a
 * non-empty archive, so a re-created member needs a new serverName (npm run failover retires the old
 * one in the retired-server-names annotation).
 */
export const drArchive: Rule = {
  id: 'DR-008',
  name: 'dr-archive',
  group: 'dr',
  severity: 'error',
  scope: 'run',
  description:
    'Each CloudNativePG member archives under its own serverName, not one ' +
    'retired (his.zarishsphere.com/retired-server-names: an earlier ' +
    'generation wrote there, and the Barman Cloud plugin refuses a ' +
    'non-empty archive for a new member), and every member reads it there ' +
    '(externalClusters plugin serverName).',
  remediation:
    "Give the member a new serverName of its own (npm run failover writes one) and point the other members' " +
    'externalClusters plugin serverName at it.',
  check(ctx) {
    const members = resourcesOf(ctx, isMember);
    const out: Finding[] = [];
    const own = new Map<string, string>();
    for (const m of members) {
      const archiver = walArchiver(m.resource.object);
      if (!archiver?.serverName) continue;
      own.set(selfOf(m.resource), archiver.serverName);
      const retired = String(asObj(asObj(m.resource.object.metadata).annotations)[RETIRED_ANNOTATION] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (retired.includes(archiver.serverName)) {
        out.push(
          ctx.report(
            m.resource,
            ['spec', 'plugins', archiver.index, 'parameters', 'serverName'],
            `member ${selfOf(m.resource)} archives under serverName ` +
              `${archiver.serverName}, which an earlier generation used (` +
              `${RETIRED_ANNOTATION}): the Barman Cloud plugin refuses to archive a ` +
              `re-created member into a non-empty archive; expected a new serverName ` +
              `(npm run failover writes one)`,
          ),
        );
      }
    }
    const byName = new Map<string, string[]>();
    for (const [self, sn] of own) byName.set(sn, [...(byName.get(sn) ?? []), self]);
    for (const m of members) {
      const archiver = walArchiver(m.resource.object);
      if (archiver?.serverName && (byName.get(archiver.serverName)?.length ?? 0) > 1) {
        out.push(
          ctx.report(
            m.resource,
            ['spec', 'plugins', archiver.index, 'parameters', 'serverName'],
            `members ${byName.get(archiver.serverName)?.join(' and ')} both ` +
              `archive under serverName ${archiver.serverName}; expected one per ` +
              `member`,
          ),
        );
      }
      asArray(asObj(m.resource.object.spec).externalClusters).forEach((e, i) => {
        const name = String(asObj(e).name ?? '');
        const reads = asObj(asObj(asObj(e).plugin).parameters).serverName;
        const actual = own.get(name);
        if (actual !== undefined && typeof reads === 'string' && reads !== actual) {
          out.push(
            ctx.report(
              m.resource,
              ['spec', 'externalClusters', i, 'plugin', 'parameters', 'serverName'],
              `member ${selfOf(m.resource)} reads ${name}'s WAL archive at ` +
                `serverName ${reads}, but ${name} archives under ${actual}; expected ` +
                `${actual}`,
            ),
          );
        }
      });
    }
    return out;
  },
};
