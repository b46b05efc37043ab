import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { LIMITS } from '../decoders/limits';

/**
 * Reads a file or standard input, at most `limit + 1` bytes, so a 50 GB file or an endless pipe
 * costs no more memory than the limit and is still reported as too large. `raiseLimit` sees the
 * bytes read so far once they pass `limit` and may allow more (metadata aggregates may be larger
 * than any other input); the input is still read only once, so standard input works too.
 */
export function readBounded(path: string, limit: number = LIMITS.maxInputBytes, raiseLimit?: (head: Buffer) => number): { bytes: Buffer; truncated: boolean } {
  const fd = path === '-' ? 0 : openSync(path, 'r');
  try {
    if (path !== '-') {
      const st = fstatSync(fd);
      if (st.isDirectory()) throw new Error(`${path} is a directory`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(1 << 20);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        if ((e as NodeJS.ErrnoException).code === 'EOF') break;
        throw e;
      }
      if (n === 0) break;
      chunks.push(Buffer.from(buf.subarray(0, n)));
      total += n;
      if (total > limit && raiseLimit) {
        limit = Math.max(limit, raiseLimit(Buffer.concat(chunks.slice(0, 4))));
        raiseLimit = undefined;
      }
      if (total > limit) return { bytes: Buffer.concat(chunks), truncated: true };
    }
    return { bytes: Buffer.concat(chunks), truncated: false };
  } finally {
    if (path !== '-') closeSync(fd);
  }
}
