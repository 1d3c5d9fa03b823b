import { describe, expect, it } from 'vitest';
import { applicationsToTable, normalize, slugify } from '../../scripts/lib/appset/index.js';
import { renderFastTemplate } from '../../scripts/lib/appset/fasttemplate.js';
import {
  doublestarMatch,
  gitPathspecMatch,
  globListing,
  goPathMatch,
  listingFromFiles,
} from '../../scripts/lib/appset/glob.js';
import { flattenParams, mergeFill, mergeOverride } from '../../scripts/lib/appset/generators/index.js';
import { strategicMergeApplication } from '../../scripts/lib/appset/patch.js';
import { parseSelector, selectorMatches } from '../../scripts/lib/appset/selector.js';
import { parseArgoYaml } from '../../scripts/lib/appset/yaml.js';

describe('glob matchers', () => {
  it.each([
    ['apps/*', 'apps/api', true],
    ['apps/*', 'apps/api/nested', false],
    ['apps/?pi', 'apps/api', true],
    ['apps/[a-c]*', 'apps/billing', true],
    ['apps/[^a-c]*', 'apps/billing', false],
    ['*', 'apps', true],
  ])('path.Match(%s, %s) = %s', (p, name, want) => {
    expect(goPathMatch(p, name)).toBe(want);
  });

  it.each([
    ['cluster-charts/*/*/values.yaml', 'cluster-charts/a/b/values.yaml', true],
    ['cluster-charts/*/*/values.yaml', 'cluster-charts/a/b/c/values.yaml', true],
    ['cluster-charts/*/values.yaml', 'cluster-charts/values.yaml', false],
    ['envs', 'envs/dev/config.yaml', true],
    ['envs/dev/config.yaml', 'envs/dev/config.yaml', true],
    ['envs/dev', 'envs/development/x', false],
  ])('legacy (git ls-files) %s vs %s = %s', (p, path, want) => {
    expect(gitPathspecMatch(p, path)).toBe(want);
  });

  it.each([
    ['cluster-charts/*/*/values.yaml', 'cluster-charts/a/b/c/values.yaml', false],
    ['cluster-charts/**/values.yaml', 'cluster-charts/values.yaml', true],
    ['cluster-charts/**/values.yaml', 'cluster-charts/a/b/values.yaml', true],
    ['envs/{dev,prod}/*.yaml', 'envs/prod/a.yaml', true],
    ['envs/{dev,prod}/*.yaml', 'envs/qa/a.yaml', false],
  ])('doublestar %s vs %s = %s', (p, path, want) => {
    expect(doublestarMatch(p, path)).toBe(want);
  });

  it('derives directories from files, skipping hidden ones', () => {
    const l = listingFromFiles(['a/b/c.yaml', '.github/w/x.yaml', 'a/.hidden/y', 'top.txt']);
    expect(l.directories).toEqual(['a', 'a/b']);
    expect(globListing(l, 'a/*', 'directories')).toEqual(['a/b']);
    expect(globListing(l, '**/*.yaml', 'files', 'doublestar')).toEqual(['.github/w/x.yaml', 'a/b/c.yaml']);
  });
});

describe('label selectors', () => {
  const labels = { env: 'prod', tier: 'gold' };
  it.each([
    [{ matchLabels: { env: 'prod' } }, true],
    [{ matchLabels: { env: 'dev' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold', 'silver'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['gold'] }] }, false],
    [{ matchExpressions: [{ key: 'region', operator: 'NotIn', values: ['eu'] }] }, true],
    [{ matchExpressions: [{ key: 'env', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, false],
    [{}, true],
  ])('%j', (sel, want) => {
    expect(selectorMatches(parseSelector(sel, 'selector'), labels)).toBe(want);
  });
  it('rejects unknown operators with the field path', () => {
    expect(() =>
      parseSelector(
        { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] },
        'spec.generators[0].selector',
      ),
    ).toThrow('spec.generators[0].selector.matchExpressions[0].operator: expected In, NotIn, Exists or DoesNotExist');
  });
});

describe('fasttemplate', () => {
  it('substitutes flat string params and keeps unknown tags verbatim', () => {
    expect(renderFastTemplate('{{a}}-{{ b }}-{{ c }}-{{n}}', { a: '1', b: '2', n: 3 })).toBe('1-2-{{ c }}-{{n}}');
  });
  it('does not touch strings without a one-line {{...}}', () => {
    expect(renderFastTemplate('no tags {{\n}}', { a: '1' })).toBe('no tags {{\n}}');
  });
  it('errors on an unclosed tag', () => {
    expect(() => renderFastTemplate('{{a}} {{b', { a: '1' })).toThrow('cannot find end tag');
  });
});

describe('param helpers', () => {
  it('flattens like flatten.Flatten(DotStyle) with %v values', () => {
    expect(flattenParams({ a: { b: 1, c: [true, 'x'] }, d: null, e: {}, f: 1000000 })).toEqual({
      'a.b': '1',
      'a.c.0': 'true',
      'a.c.1': 'x',
      d: '<nil>',
      f: '1e+06',
    });
  });
  it('mergeOverride deep-merges maps with the source winning', () => {
    expect(mergeOverride({ a: 1, m: { x: 1, y: 1 } }, { m: { y: 2 }, b: 2 })).toEqual({
      a: 1,
      b: 2,
      m: { x: 1, y: 2 },
    });
  });
  it('mergeFill fills only empty fields (generator template over spec.template)', () => {
    expect(
      mergeFill(
        { spec: { project: 'p', source: { path: '' } } },
        { spec: { project: 'd', source: { path: 'x', repoURL: 'r' } }, metadata: { name: 'n' } },
      ),
    ).toEqual({
      spec: { project: 'p', source: { path: 'x', repoURL: 'r' } },
      metadata: { name: 'n' },
    });
  });
  it('parses YAML like go-yaml v2 (1.1 booleans, octal, timestamps as strings)', () => {
    expect(parseArgoYaml('a: yes\nb: 0755\nc: 2024-01-02\nd: "1:20"\ne: 1:20\n')).toEqual({
      a: true,
      b: 493,
      c: '2024-01-02',
      d: '1:20',
      e: '1:20',
    });
  });
});

describe('strategic merge patch', () => {
  const app = {
    metadata: { name: 'a', labels: { x: '1' }, finalizers: ['f1'] },
    spec: { project: 'p', source: { helm: { valueFiles: ['a.yaml'], releaseName: 'r' } } },
  };
  it('merges maps, replaces lists, deletes with null, unions finalizers', () => {
    const out = strategicMergeApplication(app, {
      metadata: { labels: { y: '2' }, finalizers: ['f1', 'f2'] },
      spec: { source: { helm: { valueFiles: ['b.yaml'], releaseName: null } } },
    });
    expect(out).toEqual({
      metadata: { name: 'a', labels: { x: '1', y: '2' }, finalizers: ['f1', 'f2'] },
      spec: { project: 'p', source: { helm: { valueFiles: ['b.yaml'] } } },
    });
  });
  it('honours $patch: replace and $deleteFromPrimitiveList', () => {
    const out = strategicMergeApplication(app, {
      metadata: { labels: { $patch: 'replace', z: '3' }, '$deleteFromPrimitiveList/finalizers': ['f1'] },
    });
    expect(out.metadata).toEqual({ name: 'a', labels: { z: '3' }, finalizers: [] });
  });
  it('rejects a non-object patch', () => {
    expect(() => strategicMergeApplication(app, ['x'])).toThrow('templatePatch must render to a YAML/JSON object');
  });
});

describe('normalize and slugify', () => {
  it.each([
    ['Foo_Bar', 'foo-bar'],
    ['-.lead.trail.-', 'lead.trail'],
    ['a'.repeat(300), 'a'.repeat(253)],
  ])('normalize(%s)', (input, want) => {
    expect(normalize(input)).toBe(want);
  });
  it('slugify smart-truncates at a dash boundary (default 50)', () => {
    expect(slugify('aaaaaaaaaa-bbbbbbbbbb-cccccccccc-dddddddddd-eeeeeeeeee-ffff')).toBe(
      'aaaaaaaaaa-bbbbbbbbbb-cccccccccc-dddddddddd',
    );
    expect(slugify('Hello, World! v1.2', 50, true)).toBe('hello-world-v1-2');
    expect(slugify('abcdefghij-klm', 5, true)).toBe('abcde');
    expect(slugify('abc-defghij', 5, false)).toBe('abc-d');
  });
});

describe('applicationsToTable', () => {
  it('prints NAME, PROJECT, CLUSTER, NAMESPACE, PATH', () => {
    const table = applicationsToTable([
      {
        appset: 's',
        application: {
          metadata: { name: 'api' },
          spec: {
            project: 'default',
            destination: { server: 'https://kubernetes.default.svc', namespace: 'api' },
            source: { path: 'apps/api' },
          },
        },
      },
      {
        appset: 's',
        application: {
          metadata: { name: 'web-long-name' },
          spec: {
            project: 'p',
            destination: { name: 'dhaka', namespace: 'web' },
            sources: [{ path: 'apps/web' }, { chart: 'redis' }],
          },
        },
      },
    ]);
    expect(table).toBe(
      [
        'NAME           PROJECT  CLUSTER                         NAMESPACE  PATH',
        'api            default  https://kubernetes.default.svc  api        apps/api',
        'web-long-name  p        dhaka                           web        apps/web,redis',
        '',
      ].join('\n'),
    );
  });
});
