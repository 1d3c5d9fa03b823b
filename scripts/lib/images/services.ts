/**
 * The services this repo deploys, read from the repo itself: a service is a folder of base/ whose
 * workload's container image carries the placeholder tag (`:set-by-overlay`) that every environment
 * replaces through the `images:` list of its overlay. Adding base/<name> (npm run new-service) is
 * all it takes for bump, promote and parity to know it.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ToolError, UsageError } from '../errors.js';
import { asArray, asObj, podTemplateOf } from '../validate/k8s.js';
import { unknownValue } from '../suggest.js';
import { parseImageRef, PLACEHOLDER_TAG, type Service } from './refs.js';

/** service -> image name (registry/path, no tag), in the order base/kustomization.yaml lists them. */
export type ServiceCatalog = ReadonlyMap<Service, string>;

/** Folders of base/ in the order its kustomization lists them (then any other folder, sorted). */
async function baseFolders(root: string): Promise<string[]> {
  const base = path.join(root, 'base');
  if (!existsSync(base))
    throw new ToolError(
      `${path.join(root, 'base')}: no such directory (expected the repo's base/ folder; is --root right?)`,
    );
  const dirs = (await readdir(base, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  let listed: string[] = [];
  const kustomization = path.join(base, 'kustomization.yaml');
  if (existsSync(kustomization)) {
    const doc = parseAllDocuments(await readFile(kustomization, 'utf8'))[0];
    const resources = asObj(doc && !Array.isArray(doc) ? doc.toJS() : undefined).resources;
    listed = asArray(resources).filter((r): r is string => typeof r === 'string' && dirs.includes(r));
  }
  return [...listed, ...dirs.filter((d) => !listed.includes(d))];
}

/** The image a folder's workloads name with the placeholder tag, if any. */
async function placeholderImageOf(dir: string): Promise<string | undefined> {
  for (const file of (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of parseAllDocuments(await readFile(path.join(dir, file), 'utf8'))) {
      if (Array.isArray(doc) || doc.errors.length > 0) continue;
      const template = podTemplateOf(asObj(doc.toJS()));
      if (!template) continue;
      for (const container of [...asArray(template.spec.initContainers), ...asArray(template.spec.containers)]) {
        const image = asObj(container).image;
        if (typeof image !== 'string') continue;
        const ref = parseImageRef(image);
        if (ref.version?.kind === 'tag' && ref.version.value === PLACEHOLDER_TAG) return ref.name;
      }
    }
  }
  return undefined;
}

/** Reads the services from base/ (a few dozen small files: read afresh on every call). */
export async function loadServices(root: string): Promise<ServiceCatalog> {
  const out = new Map<Service, string>();
  for (const folder of await baseFolders(root)) {
    const image = await placeholderImageOf(path.join(root, 'base', folder));
    if (image) out.set(folder, image);
  }
  return out;
}

export function serviceNames(catalog: ServiceCatalog): Service[] {
  return [...catalog.keys()];
}

export function imageOf(catalog: ServiceCatalog, service: Service): string {
  const image = catalog.get(service);
  if (image === undefined) throw new UsageError(unknownValue('service', service, serviceNames(catalog)));
  return image;
}

export function serviceOfImage(catalog: ServiceCatalog, name: string): Service | undefined {
  for (const [service, image] of catalog) if (image === name) return service;
  return undefined;
}

/** What --help says a service is (help text cannot wait for the repo to be read). */
export const SERVICES_HELP =
  `a folder of base/ whose workload image has the tag :${PLACEHOLDER_TAG} ` + `(npm run new-service adds one)`;
