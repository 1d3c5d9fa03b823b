import type { RuleCase, RuleTable } from '../tester.js';

/** A member of the distributed topology; `bootstrap` is the YAML under spec.bootstrap. */
const member = (
  self: string,
  bootstrap: string,
  replica = `primary: dhaka`,
): string => `apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata:
  name: postgres
spec:
  instances: 2
  replica:
    self: ${self}
    ${replica}
    source: ${self === 'dhaka' ? 'chittagong' : 'dhaka'}
  bootstrap:
${bootstrap}`;

const INITDB =
  '    initdb:\n      database: zarish_his\n      owner: zarish\n      secret: {name: postgres-credentials}\n';
const BASEBACKUP = (source = 'dhaka', owner = 'zarish'): string =>
  `    pg_basebackup:\n      source: ${source}\n      database: zarish_his\n      owner: ${owner}\n` +
  '      secret: {name: postgres-credentials}\n';

const pair = (name: string, dhaka: string, chittagong: string): RuleCase => ({
  name,
  units: [
    { name: 'zarish-his-prod', environment: 'prod', files: { 'prod.yaml': dhaka } },
    { name: 'zarish-his-dr', environment: 'dr', files: { 'dr.yaml': chittagong } },
  ],
});

export default {
  rule: 'DR-007',
  valid: [
    pair('replica-by-pg-basebackup', member('dhaka', INITDB), member('chittagong', BASEBACKUP())),
    pair(
      'replica-by-recovery',
      member('dhaka', INITDB),
      member(
        'chittagong',
        '    recovery:\n      source: dhaka\n      database: zarish_his\n      owner: zarish\n' +
          '      secret: {name: postgres-credentials}\n',
      ),
    ),
    // replica.enabled false: a primary, initdb is right
    pair('enabled-false', member('dhaka', INITDB), member('chittagong', INITDB, 'enabled: false')),
  ],
  invalid: [
    {
      // the primary is the reference even when the replica comes first
      name: 'replica-listed-first',
      units: [
        {
          name: 'zarish-his-dr',
          environment: 'dr',
          files: { 'dr.yaml': member('chittagong', BASEBACKUP('dhaka', 'app')) },
        },
        { name: 'zarish-his-prod', environment: 'prod', files: { 'prod.yaml': member('dhaka', INITDB) } },
      ],
      expect: [
        { file: 'dr.yaml', line: 12, path: 'spec.bootstrap.pg_basebackup', message: 'but dhaka has owner zarish' },
      ],
    },
    {
      ...pair('replica-initdb', member('dhaka', INITDB), member('chittagong', INITDB)),
      expect: [
        {
          file: 'dr.yaml',
          line: 12,
          path: 'spec.bootstrap.initdb',
          resource: 'Cluster/postgres',
          message: 'member chittagong is a replica (of dhaka) bootstrapped by initdb',
        },
      ],
    },
    {
      ...pair('replica-not-bootstrapped', member('dhaka', INITDB), member('chittagong', '    {}\n')),
      expect: [{ file: 'dr.yaml', line: 11, path: 'spec.bootstrap', message: 'bootstrapped by nothing' }],
    },
    {
      ...pair('clones-from-itself', member('dhaka', INITDB), member('chittagong', BASEBACKUP('chittagong'))),
      expect: [
        {
          file: 'dr.yaml',
          line: 13,
          path: 'spec.bootstrap.pg_basebackup.source',
          message: 'member chittagong follows dhaka but would clone from chittagong',
        },
      ],
    },
    {
      ...pair('other-owner', member('dhaka', INITDB), member('chittagong', BASEBACKUP('dhaka', 'app'))),
      expect: [
        {
          file: 'dr.yaml',
          line: 12,
          path: 'spec.bootstrap.pg_basebackup',
          message: "member chittagong's pg_basebackup names owner app, but dhaka has owner zarish",
        },
      ],
    },
  ],
} satisfies RuleTable;
