/**
 * The recorded captures of test/fixtures/capture/ (see its README) and the same captures as other
 * browsers write HAR files, derived from the recording the way each browser's exporter differs:
 * Firefox and Safari give url-encoded `postData.text` with empty `params`; Safari writes fractional
 * times and no `_resourceType`; Chrome stores some bodies base64 (`content.encoding`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from './fixtures';

export const CAPTURE_DIR = join(FIXTURES_DIR, 'capture');

export function capturePath(name: string): string {
  return join(CAPTURE_DIR, name);
}

export function readCapture(name: string): string {
  return readFileSync(capturePath(name), 'utf8');
}

interface Entry {
  startedDateTime: string;
  time: number;
  _resourceType?: string;
  request: { url: string; method: string; postData?: { mimeType?: string; text?: string; params?: Array<{ name: string; value: string }> }; headers: Array<{ name: string; value: string }> };
  response: { content: { text?: string; encoding?: string; mimeType?: string } };
}

export type BrowserStyle = 'firefox' | 'safari' | 'base64-bodies' | 'url-encoded-params';

export function asBrowser(harText: string, style: BrowserStyle): string {
  const har = JSON.parse(harText) as { log: { creator: { name: string }; entries: Entry[] } };
  for (const e of har.log.entries) {
    const post = e.request.postData;
    if (style === 'firefox' || style === 'safari') {
      if (post) post.params = [];
      if (style === 'safari') {
        delete e._resourceType;
        e.time = e.time + 0.123;
      }
    }
    if (style === 'url-encoded-params' && post?.params) post.params = post.params.map((p) => ({ name: p.name, value: encodeURIComponent(p.value) }));
    if (style === 'base64-bodies' && e.response.content.text !== undefined && e.response.content.encoding === undefined) {
      e.response.content.text = Buffer.from(e.response.content.text, 'utf8').toString('base64');
      e.response.content.encoding = 'base64';
    }
  }
  har.log.creator.name = style;
  return JSON.stringify(har);
}

/** Two captures as one: both browser sessions' entries in one log (a user who tried twice). */
export function concatHars(...texts: string[]): string {
  const hars = texts.map((t) => JSON.parse(t) as { log: { entries: unknown[] } });
  const first = hars[0];
  if (!first) throw new Error('no HAR');
  return JSON.stringify({ log: { ...first.log, entries: hars.flatMap((h) => h.log.entries) } });
}
