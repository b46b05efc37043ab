import type { IncomingMessage } from 'node:http';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { nodeHttps } from './node-builtins';

/**
 * MSAL's network port (`system.networkClient`, a public msal-node option) over node:https.
 *
 * Why not msal-node's default client: it is `fetch`, which takes no extra CA (the tests' throw-away
 * one) and no cancel from outside; this one takes both, caps time and size per request, and ends
 * every request in flight when the sign-in is cancelled. It speaks https only (MSAL refuses other
 * authorities anyway) and follows no redirects: token and discovery endpoints answer directly.
 *
 * It also bridges two gaps of MSAL's device code flow with non-Microsoft providers: MSAL posts to
 * `<token endpoint without /token>/devicecode` (Entra's path), while RFC 8628 providers (Keycloak,
 * Okta, oidc-provider) publish `device_authorization_endpoint` in their discovery document (when
 * the discovery document fetched through this client names one, that POST goes there instead);
 * and MSAL polls with Entra's short grant type name (sent as the RFC 8628 URN instead).
 */
export interface MsalNetworkClientOptions {
  /** Extra trusted CA (a test provider's throw-away certificate). */
  ca?: string;
  /** Ends every request in flight, and refuses new ones. */
  signal?: AbortSignal;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** Per response; default 1 MiB (a token response with many groups is a few KB). */
  maxBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 1024 * 1024;
/** RFC 8628 §3.2: "If no value is provided, clients MUST use 5 as the default." */
const DEFAULT_DEVICE_INTERVAL_S = 5;

/** A typed failure MSAL passes on as the cause of its own error; `kind` lets the flow say why. */
export class NetworkClientError extends Error {
  constructor(
    message: string,
    readonly kind: 'cancelled' | 'unreachable' | 'timeout' | 'too-large' | 'not-json',
  ) {
    super(message);
    this.name = 'NetworkClientError';
  }
}

export class MsalNetworkClient implements INetworkModule {
  /** token endpoint → device authorization endpoint, learnt from discovery documents. */
  private readonly deviceEndpoints = new Map<string, string>();
  /** The last failure, kept because MSAL swallows some (a failed discovery becomes "endpoints_resolution_error"). */
  lastError: NetworkClientError | undefined;

  constructor(private readonly options: MsalNetworkClientOptions = {}) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', this.deviceEndpoints.get(url) ?? url, options?.body ? { ...options, body: withDeviceCodeGrantUrn(options.body) } : options);
  }

  private async send<T>(method: 'GET' | 'POST', url: string, options: NetworkRequestOptions | undefined, timeout?: number): Promise<NetworkResponse<T>> {
    let raw: { status: number; headers: Record<string, string>; text: string };
    try {
      raw = await this.exchange(method, url, options, timeout);
    } catch (e) {
      if (e instanceof NetworkClientError) this.lastError = e;
      throw e;
    }
    let body: unknown;
    try {
      body = raw.text.length ? JSON.parse(raw.text) : {};
    } catch {
      throw (this.lastError = new NetworkClientError(`${new URL(url).origin} answered HTTP ${raw.status} with something other than JSON`, 'not-json'));
    }
    if (method === 'GET') this.learnDeviceEndpoint(body);
    if (method === 'POST' && isDeviceCodeResponse(body) && body.interval === undefined) body.interval = DEFAULT_DEVICE_INTERVAL_S;
    return { status: raw.status, headers: raw.headers, body: body as T };
  }

  /** A discovery document's device endpoint, keyed by the URL MSAL will derive from its token endpoint. */
  private learnDeviceEndpoint(body: unknown): void {
    if (typeof body !== 'object' || body === null) return;
    const doc = body as { token_endpoint?: unknown; device_authorization_endpoint?: unknown };
    if (typeof doc.token_endpoint !== 'string' || typeof doc.device_authorization_endpoint !== 'string') return;
    if (!doc.device_authorization_endpoint.startsWith('https://')) return;
    const msalGuess = doc.token_endpoint.replace('/token', '/devicecode');
    if (msalGuess !== doc.device_authorization_endpoint) this.deviceEndpoints.set(msalGuess, doc.device_authorization_endpoint);
  }

  private exchange(method: 'GET' | 'POST', url: string, options: NetworkRequestOptions | undefined, timeout?: number): Promise<{ status: number; headers: Record<string, string>; text: string }> {
    const signal = this.options.signal;
    const limit = this.options.maxBytes ?? DEFAULT_MAX_BYTES;
    const timeoutMs = timeout ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        reject(new NetworkClientError(`${url.slice(0, 200)} is not a URL`, 'unreachable'));
        return;
      }
      if (parsed.protocol !== 'https:') {
        reject(new NetworkClientError(`refusing ${parsed.origin}: sign-in talks to providers over https only`, 'unreachable'));
        return;
      }
      if (signal?.aborted) {
        reject(new NetworkClientError('cancelled', 'cancelled'));
        return;
      }
      const body = method === 'POST' ? (options?.body ?? '') : undefined;
      const headers: Record<string, string> = { ...(options?.headers ?? {}) };
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      let done = false;
      const finish = (fn: () => void): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const req = nodeHttps().request(parsed, { method, headers, ...(this.options.ca ? { ca: this.options.ca } : {}) }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > limit) {
            res.destroy();
            finish(() => reject(new NetworkClientError(`${parsed.origin} sent more than ${limit} bytes`, 'too-large')));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => finish(() => resolve({ status: res.statusCode ?? 0, headers: headerDict(res), text: Buffer.concat(chunks).toString('utf8') })));
        res.on('error', (e) => finish(() => reject(new NetworkClientError(`${parsed.origin}: ${e.message}`, 'unreachable'))));
      });
      const onAbort = (): void => {
        req.destroy();
        finish(() => reject(new NetworkClientError('cancelled', 'cancelled')));
      };
      const timer = setTimeout(() => {
        req.destroy();
        finish(() => reject(new NetworkClientError(`${parsed.origin} did not answer within ${Math.round(timeoutMs / 1000)} s`, 'timeout')));
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (e) => finish(() => reject(new NetworkClientError(`${parsed.origin}: ${e.message}`, 'unreachable'))));
      req.end(body);
    });
  }
}

/**
 * MSAL polls with `grant_type=device_code`, which Entra takes; RFC 8628 §3.4 names the grant
 * `urn:ietf:params:oauth:grant-type:device_code`, which Entra documents too
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code) and every RFC 8628
 * provider requires.
 */
function withDeviceCodeGrantUrn(body: string): string {
  return body.replace(/(^|&)grant_type=device_code(?=&|$)/, '$1grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code');
}

function headerDict(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function isDeviceCodeResponse(body: unknown): body is { device_code: string; interval?: number } {
  return typeof body === 'object' && body !== null && typeof (body as { device_code?: unknown }).device_code === 'string';
}
