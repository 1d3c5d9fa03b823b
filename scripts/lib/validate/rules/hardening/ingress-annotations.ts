import type { Finding } from '../../../findings.js';
import { asObj } from '../../k8s.js';
import type { Rule } from '../../types.js';
import { nearest } from '../../../suggest.js';

export const NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';

/**
 * Annotations ingress-nginx reads (its annotations reference, controller 1.x). Anything else under
 * the prefix is silently ignored by the controller: a typo or an invented name configures nothing.
 */
export const NGINX_ANNOTATIONS = new Set([
  // rewrite, redirects
  'app-root',
  'rewrite-target',
  'use-regex',
  'enable-rewrite-log',
  'x-forwarded-prefix',
  'permanent-redirect',
  'permanent-redirect-code',
  'temporal-redirect',
  'temporal-redirect-code',
  'from-to-www-redirect',
  'ssl-redirect',
  'force-ssl-redirect',
  'preserve-trailing-slash',
  'server-alias',
  'use-port-in-redirects',
  // session affinity
  'affinity',
  'affinity-mode',
  'affinity-canary-behavior',
  'session-cookie-name',
  'session-cookie-path',
  'session-cookie-domain',
  'session-cookie-expires',
  'session-cookie-max-age',
  'session-cookie-secure',
  'session-cookie-samesite',
  'session-cookie-conditional-samesite-none',
  'session-cookie-change-on-failure',
  // authentication
  'auth-type',
  'auth-secret',
  'auth-secret-type',
  'auth-realm',
  'auth-url',
  'auth-method',
  'auth-signin',
  'auth-signin-redirect-param',
  'auth-response-headers',
  'auth-request-redirect',
  'auth-cache-key',
  'auth-cache-duration',
  'auth-keepalive',
  'auth-keepalive-share-vars',
  'auth-keepalive-requests',
  'auth-keepalive-timeout',
  'auth-proxy-set-headers',
  'auth-always-set-cookie',
  'enable-global-auth',
  'auth-tls-secret',
  'auth-tls-verify-depth',
  'auth-tls-verify-client',
  'auth-tls-error-page',
  'auth-tls-pass-certificate-to-upstream',
  'auth-tls-match-cn',
  'satisfy',
  // backend
  'backend-protocol',
  'service-upstream',
  'upstream-vhost',
  'upstream-hash-by',
  'upstream-hash-by-subset',
  'upstream-hash-by-subset-size',
  'load-balance',
  'default-backend',
  'custom-http-errors',
  'disable-proxy-intercept-errors',
  'custom-headers',
  // canary
  'canary',
  'canary-by-header',
  'canary-by-header-value',
  'canary-by-header-pattern',
  'canary-by-cookie',
  'canary-weight',
  'canary-weight-total',
  // CORS
  'enable-cors',
  'cors-allow-origin',
  'cors-allow-methods',
  'cors-allow-headers',
  'cors-expose-headers',
  'cors-allow-credentials',
  'cors-max-age',
  // rate limiting and access control
  'limit-connections',
  'limit-rps',
  'limit-rpm',
  'limit-burst-multiplier',
  'limit-rate',
  'limit-rate-after',
  'limit-whitelist',
  'limit-allowlist',
  'global-rate-limit',
  'global-rate-limit-window',
  'global-rate-limit-key',
  'global-rate-limit-ignored-cidrs',
  'whitelist-source-range',
  'allowlist-source-range',
  'denylist-source-range',
  // proxy
  'proxy-body-size',
  'client-body-buffer-size',
  'proxy-connect-timeout',
  'proxy-send-timeout',
  'proxy-read-timeout',
  'proxy-next-upstream',
  'proxy-next-upstream-timeout',
  'proxy-next-upstream-tries',
  'proxy-request-buffering',
  'proxy-redirect-from',
  'proxy-redirect-to',
  'proxy-http-version',
  'proxy-cookie-domain',
  'proxy-cookie-path',
  'proxy-buffering',
  'proxy-buffers-number',
  'proxy-buffer-size',
  'proxy-max-temp-file-size',
  'connection-proxy-header',
  'proxy-ssl-secret',
  'proxy-ssl-ciphers',
  'proxy-ssl-name',
  'proxy-ssl-protocols',
  'proxy-ssl-verify',
  'proxy-ssl-verify-depth',
  'proxy-ssl-server-name',
  // TLS
  'ssl-passthrough',
  'ssl-ciphers',
  'ssl-prefer-server-ciphers',
  'http2-push-preload',
  // logging, tracing, WAF, mirroring
  'enable-access-log',
  'enable-opentracing',
  'opentracing-trust-incoming-span',
  'enable-opentelemetry',
  'opentelemetry-trust-incoming-span',
  'opentelemetry-operation-name',
  'enable-influxdb',
  'influxdb-measurement',
  'influxdb-port',
  'influxdb-host',
  'influxdb-server-name',
  'enable-modsecurity',
  'enable-owasp-core-rules',
  'modsecurity-transaction-id',
  'modsecurity-snippet',
  'mirror-request-body',
  'mirror-target',
  'mirror-host',
  // snippets
  'configuration-snippet',
  'server-snippet',
  'auth-snippet',
  'stream-snippet',
]);

/** Snippet annotations: valid, but rejected unless the controller sets allow-snippet-annotations (off by default since
 * 1.9).
 */
const SNIPPETS = new Set([
  'configuration-snippet',
  'server-snippet',
  'auth-snippet',
  'stream-snippet',
  'modsecurity-snippet',
]);

/** Names people write that ingress-nginx never had, and what they meant. */
const KNOWN_MISTAKES: Record<string, string> = {
  'rate-limit': 'limit-rps (requests per second per client IP) or limit-rpm (per minute)',
  'rate-limit-window':
    'limit-rps or limit-rpm (the window is the unit: per second or per minute), with limit-burst-multiplier for bursts',
  'rate-limit-rps': 'limit-rps',
  'rate-limit-rpm': 'limit-rpm',
  'limit-rate-limit': 'limit-rps or limit-rpm',
  'ssl-redirects': 'ssl-redirect',
  'body-size': 'proxy-body-size',
  'client-max-body-size': 'proxy-body-size',
  'cors-enable': 'enable-cors',
  'secure-backends': 'backend-protocol: "HTTPS"',
  'grpc-backend': 'backend-protocol: "GRPC"',
  'add-base-url': 'rewrite-target',
};

/** The annotation meant: a known mistake's replacement, else the nearest real name (suggest.ts). */
function suggestion(name: string): string | undefined {
  return KNOWN_MISTAKES[name] ?? nearest(name, NGINX_ANNOTATIONS);
}

/** SEC-H-11: only annotations ingress-nginx actually reads. */
export const ingressAnnotations: Rule = {
  id: 'SEC-H-11',
  name: 'ingress-annotations',
  group: 'hardening',
  severity: 'error',
  scope: 'resource',
  description:
    `Ingress annotations under ${NGINX_PREFIX} are ones ingress-nginx ` +
    `reads (a curated list of its annotations reference); unknown ones are ` +
    `ignored silently (e.g. the seeds' rate-limit and rate-limit-window: ` +
    `use limit-rps or limit-rpm). Snippet annotations are a warning: ` +
    `controllers reject them unless allow-snippet-annotations is on.`,
  remediation:
    'Use an annotation ingress-nginx reads (e.g. limit-rps or limit-rpm for rate limits); replace snippet ' +
    'annotations with dedicated annotations.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      if (r.ref.kind !== 'Ingress') continue;
      for (const key of Object.keys(asObj(asObj(r.object.metadata).annotations))) {
        if (!key.startsWith(NGINX_PREFIX)) continue;
        const name = key.slice(NGINX_PREFIX.length);
        const path = ['metadata', 'annotations', key];
        if (SNIPPETS.has(name)) {
          out.push(
            ctx.report(
              r,
              path,
              `${key} injects raw NGINX configuration: ingress-nginx rejects snippet ` +
                `annotations unless the controller sets allow-snippet-annotations (off ` +
                `by default since 1.9; see CVE-2021-25742) — prefer a dedicated ` +
                `annotation`,
              'warning',
            ),
          );
          continue;
        }
        if (NGINX_ANNOTATIONS.has(name)) continue;
        const hint = suggestion(name);
        out.push(
          ctx.report(
            r,
            path,
            `${key} is not an ingress-nginx annotation, so the controller ignores ` +
              `it` +
              `${hint ? ` (use ${hint.includes(' ') ? hint : `${NGINX_PREFIX}${hint}`})` : ''}`,
          ),
        );
      }
    }
    return out;
  },
};

/** SEC-H-12: the ingress class is a field, not the deprecated annotation. */
export const ingressClassAnnotation: Rule = {
  id: 'SEC-H-12',
  name: 'ingress-class-annotation',
  group: 'hardening',
  severity: 'warning',
  scope: 'resource',
  description:
    'Ingresses select their controller with spec.ingressClassName, not the ' +
    'deprecated kubernetes.io/ingress.class annotation.',
  remediation: 'Replace the kubernetes.io/ingress.class annotation with spec.ingressClassName.',
  check(ctx) {
    const out: Finding[] = [];
    for (const r of ctx.unit.resources) {
      if (r.ref.kind !== 'Ingress') continue;
      const value = asObj(asObj(r.object.metadata).annotations)['kubernetes.io/ingress.class'];
      if (value === undefined) continue;
      const field = asObj(r.object.spec).ingressClassName;
      const also =
        typeof field === 'string'
          ? ` (spec.ingressClassName is already ${field}: remove the annotation)`
          : `: use spec.ingressClassName: ${String(value)}`;
      out.push(
        ctx.report(
          r,
          ['metadata', 'annotations', 'kubernetes.io/ingress.class'],
          `the kubernetes.io/ingress.class annotation is deprecated${also}`,
        ),
      );
    }
    return out;
  },
};
