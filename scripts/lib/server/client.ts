/**
 * A small HTTPS JSON client for the Kubernetes API: node:https with the server's CA and a bearer
 * token (or a kubeconfig's client certificate), keep-alive, and the `Warning` headers of every
 * response. No kubectl: CI need not have it.
 */
import { setMaxListeners } from 'node:events';
import https from 'node:https';
import { ToolError } from '../errors.js';

export interface ApiEndpoint {
  /** https://127.0.0.1:PORT */
  readonly server: string;
  /** what a kubeconfig or the control plane says to trust and present */
  readonly tls: Pick<https.RequestOptions, 'ca' | 'cert' | 'key' | 'rejectUnauthorized' | 'servername'>;
  readonly headers: Readonly<Record<string, string>>;
  /** for messages: "the local control plane" or "context prod of ~/.kube/config" */
  readonly label: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  /** the text of each Warning header (RFC 7234 "299 - \"text\"") */
  readonly warnings: readonly string[];
}

/** The quoted text of one Warning header value. */
export function warningText(value: string): string {
  const m = /^\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"/.exec(value.trim());
  return m ? (m[1] as string).replace(/\\(.)/g, '$1') : value;
}

export class ApiClient {
  private readonly agent: https.Agent;
  private readonly aborter = new AbortController();

  constructor(readonly endpoint: ApiEndpoint) {
    this.agent = new https.Agent({ keepAlive: true, maxSockets: 16, ...endpoint.tls });
    // every pending request listens on the one signal
    setMaxListeners(0, this.aborter.signal);
  }

  /** Fails every pending and later request with `reason` (the API server died). */
  abort(reason: string): void {
    this.aborter.abort(new ToolError(reason));
  }

  close(): void {
    this.agent.destroy();
  }

  request(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
    extraHeaders: Readonly<Record<string, string>> = {},
  ): Promise<ApiResponse> {
    const url = new URL(path, this.endpoint.server);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      if (this.aborter.signal.aborted) {
        reject(this.aborter.signal.reason as Error);
        return;
      }
      const req = https.request(
        url,
        {
          method,
          agent: this.agent,
          signal: this.aborter.signal,
          headers: {
            Accept: 'application/json',
            ...this.endpoint.headers,
            ...extraHeaders,
            ...(payload ? { 'Content-Type': contentType, 'Content-Length': String(payload.length) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // a plain-text body (e.g. /readyz) stays text
            }
            const warnings: string[] = [];
            for (let i = 0; i < res.rawHeaders.length; i += 2)
              if ((res.rawHeaders[i] as string).toLowerCase() === 'warning')
                warnings.push(warningText(res.rawHeaders[i + 1] as string));
            resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
          });
        },
      );
      req.on('error', (error: Error) =>
        reject(
          this.aborter.signal.aborted
            ? (this.aborter.signal.reason as Error)
            : new ToolError(
                `${this.endpoint.label} (${this.endpoint.server}): ${method} ${url.pathname}: ${error.message}`,
              ),
        ),
      );
      req.end(payload);
    });
  }

  requestWith(method: string, path: string, headers: Readonly<Record<string, string>>): Promise<ApiResponse> {
    return this.request(method, path, undefined, undefined, headers);
  }

  /** A request that must succeed (2xx, or one of `also`); anything else is a one-line ToolError. */
  async expect(method: string, path: string, body?: unknown, also: readonly number[] = []): Promise<ApiResponse> {
    const res = await this.request(method, path, body);
    if ((res.status >= 200 && res.status < 300) || also.includes(res.status)) return res;
    throw new ToolError(`${this.endpoint.label}: ${method} ${path} answered ${res.status}: ${statusMessage(res.body)}`);
  }
}

/** The message of a metav1.Status body (or the text). */
export function statusMessage(body: unknown): string {
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string')
    return (body as { message: string }).message;
  return typeof body === 'string' ? (body.trim().split('\n')[0] ?? '') : JSON.stringify(body);
}
