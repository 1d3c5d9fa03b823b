/**
 * Findings on a kustomize build point at the line of the repo that writes the value: the base
 * resource file, the overlay patch that overrides it, or the images: entry that sets the tag.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../scripts/lib/findings.js';
import { validate } from '../scripts/lib/validate/run.js';
import { ROOT } from './helpers.js';

const DIR = 'tests/fixtures/sources';
let findings: Finding[];
beforeAll(async () => {
  findings = [...(await validate({ root: ROOT, cwd: ROOT, paths: [`${DIR}/overlay`] })).findings];
});
const where = (ruleId: string, path: string): [string, number][] =>
  findings.filter((f) => f.ruleId === ruleId && f.path === path).map((f) => [f.file, f.line]);

describe('source locations of a kustomize build', () => {
  // The strategic-merge patch moves the web container first: it is containers[0] in the build,
  // containers[1] in the base file, containers[0] in the patch. Items are matched by name.
  it('a field written only in the base points at the base file', () => {
    expect(where('SCH-008', 'spec.template.spec.containers[1].imagePullPolicyy')).toEqual([
      [`${DIR}/base/deployment.yaml`, 18],
    ]);
  });

  it('a value an overlay patch overrides points at the patch line', () => {
    expect(where('SEC-H-01', 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem')).toEqual([
      [`${DIR}/overlay/patch.yaml`, 12],
    ]);
  });

  it('an object both files mention stays with its definition in the base', () => {
    expect(where('REL-03', 'spec.template.spec.containers[0]')).toEqual([
      [`${DIR}/base/deployment.yaml`, 19],
      [`${DIR}/base/deployment.yaml`, 19],
    ]);
    expect(where('SEC-R-05', 'spec.template.spec')).toEqual([[`${DIR}/base/deployment.yaml`, 14]]);
  });

  it('a field mis-indented in an overlay patch (top level, unknown to the base) points at the patch line', () => {
    expect(where('SCH-008', 'replicas')).toEqual([[`${DIR}/overlay/misindented.yaml`, 8]]);
  });

  it("an image tag set by images: points at that entry's newTag", () => {
    expect(where('SEC-H-04', 'spec.template.spec.containers[0].image')).toEqual([
      [`${DIR}/overlay/kustomization.yaml`, 6],
    ]);
  });

  it('the Namespace renamed by the overlay still maps to its file; metadata.name is never a patch', () => {
    const ns = findings.find((f) => f.resource?.kind === 'Namespace');
    expect(ns?.file ?? `${DIR}/base/namespace.yaml`).toBe(`${DIR}/base/namespace.yaml`);
    expect(findings.filter((f) => f.path === 'metadata.name').every((f) => !f.file.endsWith('patch.yaml'))).toBe(true);
  });
});
