import type { Rule } from '../../types.js';
import { imagePolicy } from './image-policy.js';
import { ingressAnnotations, ingressClassAnnotation } from './ingress-annotations.js';
import { ingressTls } from './ingress-tls.js';
import { placeholderImage } from './placeholder-image.js';
import { probePort, probesDefined } from './probes.js';
import { rbac } from './rbac.js';
import { readOnlyRootFs } from './read-only-rootfs.js';
import { resourcesSet } from './resources.js';
import { saTokenAutomount } from './sa-token-automount.js';
import { serviceExposure } from './service-exposure.js';

/** The hardening rules, in report order. */
export const HARDENING_RULES: readonly Rule[] = [
  readOnlyRootFs,
  saTokenAutomount,
  imagePolicy,
  rbac,
  serviceExposure,
  ingressTls,
  ingressAnnotations,
  ingressClassAnnotation,
  resourcesSet,
  probesDefined,
  probePort,
  placeholderImage,
];
