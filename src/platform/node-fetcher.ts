import type { LookupAddress } from 'node:dns';
import type { IncomingMessage } from 'node:http';
import { LIMITS } from '../decoders/limits';
import type { FetchedText, Fetcher, FetchError } from '../decoders/oidc/fetcher';
import { ok, type Result } from '../decoders/result';
import { nodeDns, nodeHttps, nodeNet } from './node-builtins';

export interface NodeFetcherOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Extra trusted CA (tests with a throw-away certificate). NODE_EXTRA_CA_CERTS also works. */
  ca?: string | Buffer;
  /**
   * Checks every address a host resolves to before connecting (and IP-literal hosts as they
   * are): a refusal reason stops the request. Key fetching passes the fetch policy's guard
   * (no private or loopback addresses unless a config names the host); tests inject their own.
   */
  checkAddress?: (hostname: string, address: string) => string | undefined;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * GETs public documents (discovery, JWKS, metadata) over https only, with a deadline for the
 * whole exchange, a byte cap and a redirect cap: a slow, huge or looping server costs bounded
 * time and memory. Sends no cookies, credentials or user data.
 */
export class NodeFetcher implements Fetcher {
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxRedirects: number;

  constructor(private readonly options: NodeFetcherOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? LIMITS.fetchTimeoutMs;
    this.maxBytes = options.maxBytes ?? LIMITS.fetchMaxBytes;
    this.maxRedirects = options.maxRedirects ?? LIMITS.fetchMaxRedirects;
  }

  async getText(url: string): Promise<Result<FetchedText, FetchError>> {
    const deadline = Date.now() + this.timeoutMs;
    let current = url;
    for (let hop = 0; hop <= this.maxRedirects; hop++) {
      let parsed: URL;
      try {
        parsed = new URL(current);
      } catch {
        return fetchFail(`${current} is not a URL`);
      }
      if (parsed.protocol !== 'https:') return fetchFail(`refusing to fetch ${current}: only https is used for keys and metadata`);
      const literal = parsed.hostname.replace(/^\[|\]$/g, '');
      const refused = nodeNet().isIP(literal) !== 0 ? this.options.checkAddress?.(literal, literal) : undefined;
      if (refused !== undefined) return fetchFail(refused);
      const r = await this.once(parsed, deadline);
      if (!r.ok) return r;
      if (r.value.redirect) {
        // The Location header is the server's: a malformed one is its failure, not ours.
        try {
          current = new URL(r.value.redirect, parsed).toString();
        } catch {
          return fetchFail(`${current} redirected to ${JSON.stringify(r.value.redirect.slice(0, 200))}, which is not a URL`);
        }
        continue;
      }
      if (r.value.status !== 200) return fetchFail(`${current} answered HTTP ${r.value.status}`);
      return ok({ url: current, status: r.value.status, body: r.value.body });
    }
    return fetchFail(`${url} redirected more than ${this.maxRedirects} times`);
  }

  private once(url: URL, deadline: number): Promise<Result<{ status: number; body: string; redirect?: string }, FetchError>> {
    return new Promise((resolve) => {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return resolve(fetchFail(`${url.origin} did not answer within ${this.timeoutMs / 1000} s`));
      const req = nodeHttps().request(url, { method: 'GET', headers: { accept: 'application/json, application/xml;q=0.9, */*;q=0.1', 'user-agent': 'sso-lens' }, ...(this.options.ca ? { ca: this.options.ca } : {}), ...(this.options.checkAddress ? { lookup: this.checkedLookup(this.options.checkAddress) } : {}) }, (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (status >= 300 && status < 400 && location) {
          res.resume();
          return resolve(ok({ status, body: '', redirect: location }));
        }
        const declared = Number(res.headers['content-length'] ?? '0');
        if (declared > this.maxBytes) {
          res.destroy();
          return resolve(fetchFail(`${url.origin} sent ${declared} bytes; the limit is ${this.maxBytes}`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > this.maxBytes) {
            res.destroy();
            resolve(fetchFail(`${url.origin} sent more than ${this.maxBytes} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => resolve(ok({ status, body: Buffer.concat(chunks).toString('utf8') })));
        res.on('error', (e) => resolve(fetchFail(`${url.origin}: ${e.message}`)));
      });
      const timer = setTimeout(() => {
        req.destroy();
        resolve(fetchFail(`${url.origin} did not answer within ${this.timeoutMs / 1000} s`));
      }, remaining);
      req.on('close', () => clearTimeout(timer));
      req.on('error', (e) => resolve(fetchFail(`${url.origin}: ${e.message}`)));
      req.end();
    });
  }

  /** A DNS lookup that resolves every address of the host and refuses the connection if any is refused. */
  private checkedLookup(check: (hostname: string, address: string) => string | undefined) {
    return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
      nodeDns().lookup(hostname, { all: true }, (err, addresses) => {
        if (err) return callback(err, []);
        for (const a of addresses) {
          const refused = check(hostname, a.address);
          if (refused !== undefined) return callback(Object.assign(new Error(refused), { code: 'ESSOLENSREFUSED' }), []);
        }
        const first = addresses[0];
        if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
        if (options.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      });
    };
  }
}

function fetchFail(message: string): Result<never, FetchError> {
  return { ok: false, error: { id: 'jwt.keys-fetch-failed', message } };
}
