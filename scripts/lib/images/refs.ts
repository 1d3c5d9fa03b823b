/** The services whose images this repo deploys, and the grammar of the tags and digests it writes. Pure. */
import { UsageError } from '../errors.js';

export const REGISTRY = 'registry.zs-his.com/zs-his';

/** service -> image name, as base/<service>/deployment.yaml writes it and the overlays' `images:` match it. */
export const SERVICE_IMAGES = {
  'patient-registry': `${REGISTRY}/ms-patient-registry`,
  'billing-engine': `${REGISTRY}/ms-billing-engine`,
  'doctor-portal': `${REGISTRY}/mf-doctor-portal`,
  'patient-app': `${REGISTRY}/mf-patient-app`,
} as const;

export type Service = keyof typeof SERVICE_IMAGES;
export const SERVICES = Object.keys(SERVICE_IMAGES) as Service[];

export function isService(value: string): value is Service {
  return Object.hasOwn(SERVICE_IMAGES, value);
}

export function serviceOfImage(name: string): Service | undefined {
  return SERVICES.find((s) => SERVICE_IMAGES[s] === name);
}

/** What an environment runs of one image: a tag, or a digest (which wins when both are set). */
export type ImageVersion = { readonly kind: 'tag'; readonly value: string } | { readonly kind: 'digest'; readonly value: string };

/** OCI distribution spec tag grammar. */
export const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** sha256 digest, lower-case hex as the OCI image spec writes it. */
export const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Parses a command-line tag or digest; anything else is a UsageError saying what was expected. */
export function parseVersion(text: string): ImageVersion {
  if (DIGEST.test(text)) return { kind: 'digest', value: text };
  if (text.startsWith('sha256:')) throw new UsageError(`"${text}" is not a digest (expected sha256: followed by 64 lower-case hex digits)`);
  if (TAG.test(text)) return { kind: 'tag', value: text };
  throw new UsageError(`"${text}" is not a valid image tag (expected [A-Za-z0-9_][A-Za-z0-9._-]{0,127}, or a digest sha256:<64 hex>)`);
}

export function showVersion(v: ImageVersion | undefined): string {
  if (!v) return '(none)';
  return v.kind === 'digest' ? `@${v.value}` : v.value;
}

export function sameVersion(a: ImageVersion | undefined, b: ImageVersion | undefined): boolean {
  return a?.kind === b?.kind && a?.value === b?.value;
}

/** registry/path[:tag][@digest] -> name and version (digest first). */
export function parseImageRef(image: string): { name: string; version: ImageVersion | undefined } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const rest = at >= 0 ? image.slice(0, at) : image;
  const colon = rest.lastIndexOf(':');
  const hasTag = colon > rest.lastIndexOf('/');
  const name = hasTag ? rest.slice(0, colon) : rest;
  if (digest !== undefined) return { name, version: { kind: 'digest', value: digest } };
  return { name, version: hasTag ? { kind: 'tag', value: rest.slice(colon + 1) } : undefined };
}
