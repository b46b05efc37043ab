/**
 * A throw-away https server on 127.0.0.1 with a self-signed certificate (made by `selfsigned`),
 * for fetch and discovery tests that never leave the machine. The certificate is handed to the
 * client as its only extra CA, exactly as `NodeFetcher({ ca })` takes it.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { generate } from 'selfsigned';

export interface ThrowawayCertificate {
  key: string;
  cert: string;
}

let certificate: Promise<ThrowawayCertificate> | undefined;

/** One certificate per test process (key generation is the slow part). */
export function throwawayCertificate(): Promise<ThrowawayCertificate> {
  certificate ??= generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate: new Date(Date.now() + 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  }).then((r) => ({ key: r.private, cert: r.cert }));
  return certificate;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestHttpsServer {
  origin: string;
  ca: string;
  /** Request paths (with query) in arrival order. */
  requests: string[];
  count(pathPrefix: string): number;
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}

export async function startHttpsServer(handler: Handler): Promise<TestHttpsServer> {
  const { key, cert } = await throwawayCertificate();
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  let current = handler;
  const server: Server = createServer({ key, cert }, (req, res) => {
    requests.push(req.url ?? '');
    current(req, res);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    ca: cert,
    requests,
    count: (prefix) => requests.filter((r) => r.startsWith(prefix)).length,
    setHandler: (h) => {
      current = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
