/** What an environment actually runs, read from its rendered unit (rendering is the truth). Pure. */
import { asArray, asObj, podTemplateOf } from '../validate/k8s.js';
import type { Unit } from '../model/types.js';
import { parseImageRef, type ImageVersion, type Service } from './refs.js';
import { serviceOfImage, type ServiceCatalog } from './services.js';

/** service -> the version its containers run in the unit (first container naming the service's image). */
export function effectiveImages(unit: Unit, catalog: ServiceCatalog): Map<Service, ImageVersion | undefined> {
  const out = new Map<Service, ImageVersion | undefined>();
  for (const resource of unit.resources) {
    const template = podTemplateOf(resource.object);
    if (!template) continue;
    for (const container of [...asArray(template.spec.initContainers), ...asArray(template.spec.containers)]) {
      const image = asObj(container).image;
      if (typeof image !== 'string') continue;
      const ref = parseImageRef(image);
      const service = serviceOfImage(catalog, ref.name);
      if (service && !out.has(service)) out.set(service, ref.version);
    }
  }
  return out;
}
