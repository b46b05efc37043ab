import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { nodeHttp } from './node-builtins';

/**
 * A one-shot http listener on 127.0.0.1 for the browser's redirect back to us: the OIDC loopback
 * redirect (RFC 8252 §7.3: "loopback interface redirection", any port) and the SAML test ACS.
 *
 * Why not MSAL's own loopback client or a bare `http.createServer().listen(0)`: those bind every
 * interface; this one binds 127.0.0.1 only, takes exactly one matching request, then closes, and
 * every wait ends — by the answer, a timeout or the caller's cancel — with nothing left listening.
 */

/** What the browser sent: query parameters (GET) or form fields (POST, x-www-form-urlencoded). */
export interface LoopbackRequest {
  method: 'GET' | 'POST';
  /** Path and query as received, e.g. `/acs` or `/?code=…&state=…`. */
  url: string;
  /** Query parameters merged with form fields (form fields win). */
  params: Record<string, string>;
}

export type LoopbackOutcome =
  | { kind: 'received'; request: LoopbackRequest }
  | { kind: 'timeout'; afterMs: number }
  | { kind: 'cancelled' }
  | { kind: 'failed'; reason: string };

export interface LoopbackListenOptions {
  /** Only requests to this path count (`/` for OIDC, `/acs` for SAML); others get a 404. */
  path: string;
  /** Accepted methods; default GET and POST. */
  methods?: ReadonlyArray<'GET' | 'POST'>;
  /** The whole wait, default 5 minutes (a person signs in, maybe with MFA). */
  timeoutMs?: number;
  /** Ends the wait as `cancelled` (the notification's Cancel, the CLI's Ctrl+C). */
  signal?: AbortSignal;
  /** Port to bind; default 0 (a random free port). */
  port?: number;
  /** The page the browser shows once the request is taken; must not echo what was received. */
  donePage?: (outcome: LoopbackRequest) => string;
  /** Largest POST body read (a SAML response is a few KB; Entra's with many groups ~100 KB). */
  maxBodyBytes?: number;
  /**
   * Host name in `redirectUri`; the socket binds 127.0.0.1 either way. Entra accepts both and
   * ignores the port of a loopback redirect URI; RFC 8252 §8.3 prefers the IP literal, because
   * `localhost` may resolve to ::1 where nothing listens. Default '127.0.0.1'.
   */
  redirectHost?: 'localhost' | '127.0.0.1';
}

export interface LoopbackListener {
  /** `http://127.0.0.1:<port><path>`: register this as the redirect / reply URL. */
  readonly redirectUri: string;
  readonly port: number;
  /** Settles once: the first matching request, a timeout, a cancel or a failure. The server is closed by then. */
  readonly outcome: Promise<LoopbackOutcome>;
  /** Closes at once (idempotent); a pending outcome becomes `cancelled`. */
  close(): void;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_MAX_BODY = 5 * 1024 * 1024;

const DEFAULT_DONE_PAGE = (): string =>
  '<!doctype html><meta charset="utf-8"><title>SSO Lens</title><p>Sign-in received by SSO Lens. You can close this tab and return to the editor.</p>';

/** Starts listening on 127.0.0.1; resolves once the port is bound (or fails to bind). */
export function listenOnLoopback(options: LoopbackListenOptions): Promise<LoopbackListener> {
  const methods = options.methods ?? ['GET', 'POST'];
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const donePage = options.donePage ?? DEFAULT_DONE_PAGE;

  return new Promise((resolveListener, rejectListener) => {
    const sockets = new Set<Socket>();
    let settle: (o: LoopbackOutcome) => void = () => undefined;
    let settled = false;
    const outcome = new Promise<LoopbackOutcome>((r) => {
      settle = (o) => {
        if (settled) return;
        settled = true;
        finish();
        r(o);
      };
    });

    const server: Server = nodeHttp().createServer((req, res) => handle(req, res));
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    const timer = setTimeout(() => settle({ kind: 'timeout', afterMs: timeoutMs }), timeoutMs);
    const onAbort = (): void => settle({ kind: 'cancelled' });

    function finish(): void {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      server.close();
      // Keep-alive sockets would hold the server open; the browser has its answer already.
      setTimeout(() => {
        for (const s of sockets) s.destroy();
      }, 200).unref();
    }

    function handle(req: IncomingMessage, res: ServerResponse): void {
      const url = req.url ?? '/';
      const method = req.method === 'POST' ? 'POST' : req.method === 'GET' ? 'GET' : undefined;
      let parsed: URL;
      try {
        parsed = new URL(url, 'http://127.0.0.1');
      } catch {
        reply(res, 400, 'Bad request.');
        return;
      }
      if (settled || parsed.pathname !== options.path || !method || !methods.includes(method)) {
        // favicon.ico and the like: not ours, and not a reason to stop waiting.
        reply(res, 404, 'Not found.');
        return;
      }
      const params: Record<string, string> = {};
      for (const [k, v] of parsed.searchParams) params[k] = v;
      if (method === 'GET') {
        take(res, { method, url, params });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBody) {
          tooLarge = true;
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      req.on('close', () => {
        if (tooLarge) settle({ kind: 'failed', reason: `the browser posted more than ${maxBody} bytes` });
      });
      req.on('end', () => {
        if (tooLarge) return;
        const body = Buffer.concat(chunks).toString('utf8');
        for (const [k, v] of new URLSearchParams(body)) params[k] = v;
        take(res, { method, url, params });
      });
    }

    function take(res: ServerResponse, request: LoopbackRequest): void {
      let page: string;
      try {
        page = donePage(request);
      } catch {
        page = DEFAULT_DONE_PAGE();
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
      res.end(page, () => settle({ kind: 'received', request }));
    }

    server.on('error', (e) => {
      if (!server.listening) {
        clearTimeout(timer);
        rejectListener(e);
      } else settle({ kind: 'failed', reason: e.message });
    });

    if (options.signal?.aborted) {
      clearTimeout(timer);
      rejectListener(new Error('cancelled before listening'));
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolveListener({
        redirectUri: `http://${options.redirectHost ?? '127.0.0.1'}:${port}${options.path}`,
        port,
        outcome,
        close: () => settle({ kind: 'cancelled' }),
      });
    });
  });
}

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(text);
}
