/**
 * Golden tests: one test per directory under fixtures/.
 *   appset.yaml          one or more ApplicationSets (multi-document)
 *   clusters.yaml        optional cluster Secrets (multi-document)
 *   repo/                optional repository tree for git generators
 *   options.yaml         optional RenderInput overrides (argocdNamespace, gitFileGlobbing, inClusterEnabled)
 *   expected.yaml        the exact Applications, in output order (multi-document)
 *   expected-error.txt   for error cases: text the error message must contain
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppSetError, renderApplicationSets } from '../../scripts/lib/appset/index.js';
import { docs, FIXTURES, fixtureCases, inputFor } from './fixture-input.js';

const cases = fixtureCases();

describe('ApplicationSet fixtures', () => {
  it('has fixtures', () => {
    expect(cases.length).toBeGreaterThan(10);
  });
  for (const name of cases) {
    const dir = join(FIXTURES, name);
    const errorFile = join(dir, 'expected-error.txt');
    if (existsSync(errorFile)) {
      it(`${name} fails with the expected error`, async () => {
        const expected = readFileSync(errorFile, 'utf8').trim();
        const err = await renderApplicationSets(inputFor(dir)).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(AppSetError);
        expect((err as AppSetError).message).toContain(expected);
      });
    } else {
      it(`${name} renders the expected Applications`, async () => {
        const apps = await renderApplicationSets(inputFor(dir));
        const expected = docs(join(dir, 'expected.yaml'));
        expect(apps.map((a) => a.application)).toEqual(expected);
      });
    }
  }
});
