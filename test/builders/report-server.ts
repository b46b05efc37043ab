/**
 * A loopback HTTP server standing in for the report webview's origin: it serves the HTML a test
 * renders for a path, and the webview's own script and stylesheet from `media/report/`, so the
 * page runs under the same CSP (nonce, no inline code) as in VS Code.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { WebviewContext } from '../../src/views/report-html';

const root = join(__dirname, '..', '..', '..');
const ASSETS: Record<string, string> = { '/report.js': 'text/javascript', '/report.css': 'text/css' };

export interface ReportServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close: () => Promise<void>;
}

/** The webview context for a page served from `origin`: its stylesheet and script from there, the given nonce. */
export function reportContext(origin: string, nonce: string): WebviewContext {
  return { nonce, cspSource: origin, styleUri: `${origin}/report.css`, scriptUri: `${origin}/report.js` };
}

/** Serves `html(path, origin)` where it answers, the report assets, and 404 for anything else. */
export async function startReportServer(html: (path: string, origin: string) => string | undefined): Promise<ReportServer> {
  let origin = '';
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    const page = html(path, origin);
    if (page !== undefined) {
      res.setHeader('content-type', 'text/html');
      res.end(page);
      return;
    }
    const type = ASSETS[path];
    if (!type) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', type);
    res.end(readFileSync(join(root, 'media', 'report', path.slice(1))));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { origin, close: () => new Promise<void>((r) => server.close(() => r())) };
}
