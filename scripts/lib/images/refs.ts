/** The grammar of the image tags and digests this repo writes. Pure. */
import { UsageError } from '../errors.js';

/** The tag base manifests give the images the overlays set (images: in overlays/<env>/kustomization.yaml). */
export const PLACEHOLDER_TAG = 'set-by-overlay';

/** A service: a folder of base/ (scripts/lib/images/services.ts reads them from the repo). */
export type Service = string;

/** What an environment runs of one image: a tag, or a digest (which wins when both are set). */
export type ImageVersion =
  | { readonly kind: 'tag'; readonly value: string }
  | { readonly kind: 'digest'; readonly value: string };

/** OCI distribution spec tag grammar. */
export const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** sha256 digest, lower-case hex as the OCI image spec writes it. */
export const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Parses a command-line tag or digest; anything else is a UsageError saying what was expected. */
export function parseVersion(text: string): ImageVersion {
  if (DIGEST.test(text)) return { kind: 'digest', value: text };
  if (text.startsWith('sha256:'))
    throw new UsageError(`"${text}" is not a digest (expected sha256: followed by 64 lower-case hex digits)`);
  if (TAG.test(text)) return { kind: 'tag', value: text };
  throw new UsageError(
    `"${text}" is not a valid image tag (expected [A-Za-z0-9_][A-Za-z0-9._-]{0,127}, or a digest sha256:<64 hex>)`,
  );
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
