import type { RuleCase, RuleTable } from '../tester.js';

interface Member {
  self: string;
  serverName?: string;
  retired?: string;
  /** serverName this member reads the other's archive at */
  reads?: string;
  /** mark the archiver with isWALArchiver instead of the plugin name */
  flagged?: boolean;
}

const member = (m: Member): string => {
  const other = m.self === 'dhaka' ? 'chittagong' : 'dhaka';
  return `apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata:
  name: postgres
  annotations:
    his.zarishsphere.com/retired-server-names: "${m.retired ?? ''}"
spec:
  instances: 2
  replica: {self: ${m.self}, primary: dhaka, source: ${other}}
  plugins:
    - name: ${m.flagged ? 'archiver' : 'barman-cloud.cloudnative-pg.io'}
      ${m.flagged ? 'isWALArchiver: true' : 'enabled: true'}
      parameters:
        barmanObjectName: archive
        serverName: ${m.serverName ?? `${m.self}-1`}
  externalClusters:
    - name: ${other}
      plugin:
        name: barman-cloud.cloudnative-pg.io
        parameters:
          barmanObjectName: archive
          serverName: ${m.reads ?? `${other}-1`}
`;
};

const pair = (name: string, dhaka: Member, chittagong: Member): RuleCase => ({
  name,
  units: [
    { name: 'zarish-his-prod', environment: 'prod', files: { 'prod.yaml': member(dhaka) } },
    { name: 'zarish-his-dr', environment: 'dr', files: { 'dr.yaml': member(chittagong) } },
  ],
});

export default {
  rule: 'DR-008',
  valid: [pair('own-server-names', { self: 'dhaka', retired: 'dhaka-0' }, { self: 'chittagong', flagged: true })],
  invalid: [
    {
      ...pair('retired-name-reused', { self: 'dhaka', retired: 'dhaka-0, dhaka-1' }, { self: 'chittagong' }),
      expect: [
        {
          file: 'prod.yaml',
          line: 15,
          path: 'spec.plugins[0].parameters.serverName',
          resource: 'Cluster/postgres',
          message: 'member dhaka archives under serverName dhaka-1, which an earlier generation used',
        },
      ],
    },
    {
      ...pair(
        'shared-server-name',
        { self: 'dhaka', serverName: 'main', reads: 'main' },
        {
          self: 'chittagong',
          serverName: 'main',
          reads: 'main',
          flagged: true,
        },
      ),
      expect: [
        {
          file: 'dr.yaml',
          line: 15,
          path: 'spec.plugins[0].parameters.serverName',
          message: 'both archive under serverName main',
        },
        {
          file: 'prod.yaml',
          line: 15,
          path: 'spec.plugins[0].parameters.serverName',
          message: 'members dhaka and chittagong',
        },
      ],
    },
    {
      ...pair('reads-the-wrong-archive', { self: 'dhaka' }, { self: 'chittagong', reads: 'dhaka-0' }),
      expect: [
        {
          file: 'dr.yaml',
          line: 22,
          path: 'spec.externalClusters[0].plugin.parameters.serverName',
          message:
            "member chittagong reads dhaka's WAL archive at serverName dhaka-0, but dhaka archives under dhaka-1",
        },
      ],
    },
  ],
} satisfies RuleTable;
