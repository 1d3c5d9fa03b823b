import type { Finding } from '../../../findings.js';
import type { Rule } from '../../types.js';
import { nameOf, resourcesOf } from '../references/workloads.js';
import { CNPG, specOf } from './shared.js';

/** OPR-PG-04: a CloudNativePG Cluster takes its image from imageName or from imageCatalogRef, never both. */
export const cnpgImageCatalog: Rule = {
  id: 'OPR-PG-04',
  name: 'cnpg-image-catalog',
  group: 'operators',
  severity: 'error',
  scope: 'resource',
  description:
    'A CloudNativePG Cluster does not set both spec.imageName and spec.imageCatalogRef (they are mutually exclusive).',
  remediation: 'Keep either spec.imageName or spec.imageCatalogRef and remove the other.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of resourcesOf(ctx.unit, CNPG, 'Cluster')) {
      const spec = specOf(r);
      if (spec.imageName === undefined || spec.imageCatalogRef === undefined) continue;
      out.push(
        ctx.report(
          r,
          ['spec', 'imageCatalogRef'],
          `Cluster ${nameOf(r)} sets both imageName (${String(spec.imageName)}) ` +
            `and imageCatalogRef; CloudNativePG rejects it ("imageName and ` +
            `imageCatalogRef are mutually exclusive"): expected one of them`,
        ),
      );
    }
    return out;
  },
};
