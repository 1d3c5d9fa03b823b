import type { FieldPath, Finding } from '../../../findings.js';
import { asObj } from '../../k8s.js';
import type { Resource, Rule } from '../../types.js';
import { podsOf } from '../security/pods.js';

export interface ImageRef {
  readonly name: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

/** registry/path[:tag][@digest] */
export function parseImage(image: string): ImageRef {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const rest = at >= 0 ? image.slice(0, at) : image;
  const colon = rest.lastIndexOf(':');
  const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : undefined;
  return { name: tag !== undefined ? rest.slice(0, colon) : rest, tag, digest };
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** Semantic version, optionally v-prefixed, with optional pre-release and build metadata. */
const NUMBER = '(0|[1-9]\\d*)';
const DOTTED_IDS = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';
const SEMVER = new RegExp(`^v?${NUMBER}\\.${NUMBER}\\.${NUMBER}(?:-${DOTTED_IDS})?(?:\\+${DOTTED_IDS})?$`);

/** Image fields of the operator custom resources this repo uses (group/Kind -> paths). */
const CUSTOM_IMAGE_FIELDS: Record<string, readonly FieldPath[]> = {
  'postgresql.cnpg.io/Cluster': [['spec', 'imageName']],
  'redis.redis.opstreelabs.in/RedisCluster': [
    ['spec', 'kubernetesConfig', 'image'],
    ['spec', 'redisExporter', 'image'],
  ],
  'redis.redis.opstreelabs.in/Redis': [
    ['spec', 'kubernetesConfig', 'image'],
    ['spec', 'redisExporter', 'image'],
  ],
  'redis.redis.opstreelabs.in/RedisReplication': [
    ['spec', 'kubernetesConfig', 'image'],
    ['spec', 'redisExporter', 'image'],
  ],
  'redis.redis.opstreelabs.in/RedisSentinel': [['spec', 'kubernetesConfig', 'image']],
  'kafka.strimzi.io/Kafka': [
    ['spec', 'kafka', 'image'],
    ['spec', 'zookeeper', 'image'],
  ],
};

function valueAt(object: unknown, path: FieldPath): unknown {
  let node: unknown = object;
  for (const key of path) node = Array.isArray(node) && typeof key === 'number' ? node[key] : asObj(node)[String(key)];
  return node;
}

/** Every image a resource names: containers of pod templates, and known operator image fields. */
function imagesOf(resource: Resource): { path: FieldPath; image: string; who: string }[] {
  const out: { path: FieldPath; image: string; who: string }[] = [];
  const group = resource.ref.apiVersion.includes('/') ? resource.ref.apiVersion.split('/')[0] : '';
  for (const path of CUSTOM_IMAGE_FIELDS[`${group}/${resource.ref.kind}`] ?? []) {
    const image = valueAt(resource.object, path);
    if (typeof image === 'string') out.push({ path, image, who: `${resource.ref.kind} ${path.join('.')}` });
  }
  return out;
}

/** SEC-H-04: images are pinned and come from the allowed registries. */
export const imagePolicy: Rule = {
  id: 'SEC-H-04',
  name: 'image-policy',
  group: 'hardening',
  severity: 'error',
  scope: 'resource',
  description:
    'Every image (containers, init and ephemeral included, and operator ' +
    'image fields) has an explicit tag or digest other than latest, comes ' +
    'from a registry prefix in policy.yaml allowedRegistries, and — in ' +
    'policy.yaml immutableImageEnvironments — is pinned by a semver tag or ' +
    'an @sha256 digest.',
  remediation:
    'Pin the image to an explicit tag other than latest (a semver tag or @sha256 digest where policy.yaml ' +
    'requires immutable images) from a registry in policy.yaml allowedRegistries; set tags with npm run ' +
    'bump.',
  check(ctx) {
    const out: Finding[] = [];
    const allowed = ctx.policy.allowedRegistries;
    const env = ctx.unit.environment;
    const immutable = env !== undefined && ctx.policy.immutableImageEnvironments.includes(env);
    const checkImage = (resource: Resource, path: FieldPath, image: string, who: string): void => {
      const ref = parseImage(image.trim());
      if (ref.digest !== undefined && !DIGEST.test(ref.digest)) {
        out.push(
          ctx.report(
            resource,
            path,
            `${who} "${image}" has a malformed digest "@${ref.digest}" (expected @sha256:<64 hex digits>)`,
          ),
        );
      }
      if (ref.tag === undefined && ref.digest === undefined) {
        out.push(
          ctx.report(
            resource,
            path,
            `${who} "${image}" has no tag, so it pulls the moving "latest" ` +
              `(expected an explicit version tag or @sha256 digest)`,
          ),
        );
      } else if (ref.tag === 'latest' && ref.digest === undefined) {
        out.push(
          ctx.report(
            resource,
            path,
            `${who} "${image}" uses the moving tag "latest" (expected an explicit version tag or @sha256 digest)`,
          ),
        );
      } else if (immutable && ref.digest === undefined && ref.tag !== undefined && !SEMVER.test(ref.tag)) {
        out.push(
          ctx.report(
            resource,
            path,
            `${who} "${image}" is not pinned: in ${env} images must use a semver ` +
              `tag (e.g. 1.4.2, v1.4.2-rc.1) or an @sha256 digest, and "${ref.tag}" ` +
              `is neither`,
          ),
        );
      }
      if (!allowed.some((prefix) => image.startsWith(prefix))) {
        out.push(
          ctx.report(
            resource,
            path,
            `${who} "${image}" is not from an allowed registry (policy.yaml allowedRegistries: ${allowed.join(', ')})`,
          ),
        );
      }
    };
    for (const pod of podsOf(ctx.unit)) {
      for (const c of pod.containers) {
        if (typeof c.container.image === 'string' && c.container.image !== '')
          checkImage(pod.resource, [...c.path, 'image'], c.container.image, `container "${c.name}" image`);
      }
    }
    for (const r of ctx.unit.resources) for (const i of imagesOf(r)) checkImage(r, i.path, i.image, i.who);
    return out;
  },
};
