import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { LIMITS } from '../decoders/limits';
import { UsageError } from './io';

export interface BoundedRead {
  bytes: Buffer;
  /** Reading stopped past the limit: `bytes` is only the head of the input. */
  truncated: boolean;
  /** A regular file's size (stat), known even when only its head was read. */
  size?: number;
}

/**
 * Reads a file or standard input, at most `limit + 1` bytes, so a 50 GB file or an endless pipe
 * costs no more memory than the limit and is still reported as too large. `raiseLimit` sees the
 * bytes read so far once they pass `limit` and may allow more (metadata aggregates may be larger
 * than any other input); the input is still read only once, so standard input works too.
 */
export function readBounded(path: string, limit: number = LIMITS.maxInputBytes, raiseLimit?: (head: Buffer) => number): BoundedRead {
  const fd = path === '-' ? 0 : openSync(path, 'r');
  try {
    let size: number | undefined;
    if (path !== '-') {
      const st = fstatSync(fd);
      if (st.isDirectory()) throw new Error(`${path} is a directory`);
      // Pipes, FIFOs and devices report no meaningful size.
      if (st.isFile()) size = st.size;
    }
    const sized = (bytes: Buffer, truncated: boolean): BoundedRead => ({ bytes, truncated, ...(size !== undefined ? { size: Math.max(size, bytes.length) } : {}) });
    if (size !== undefined) {
      const whole = readRegularFile(fd, size, limit, raiseLimit);
      if (whole) return sized(whole.bytes, whole.truncated);
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
      if (total > limit) return sized(Buffer.concat(chunks), true);
    }
    return sized(Buffer.concat(chunks), false);
  } finally {
    if (path !== '-') closeSync(fd);
  }
}

/** Bytes given to `raiseLimit`: enough to recognise the input (the first four 1 MiB reads before). */
const HEAD_BYTES = 4 << 20;

/**
 * A regular file read straight into one buffer of its size: chunks plus their concatenation held
 * the file twice at the peak (issue 15, class 16). Undefined when the file grew while being read
 * (the caller then reads it in chunks).
 */
function readRegularFile(fd: number, size: number, limit: number, raiseLimit?: (head: Buffer) => number): { bytes: Buffer; truncated: boolean } | undefined {
  if (size > limit && raiseLimit) {
    const head = Buffer.allocUnsafe(Math.min(size, HEAD_BYTES));
    const n = fillFrom(fd, head, 0, 0);
    limit = Math.max(limit, raiseLimit(head.subarray(0, n)));
  }
  // One byte more than the file or the limit tells a file that grew, or one past the limit.
  const out = Buffer.allocUnsafe(Math.min(size, limit) + 1);
  const total = fillFrom(fd, out, 0, 0);
  if (total > limit) return { bytes: out.subarray(0, total), truncated: true };
  if (total === out.length) return undefined;
  return { bytes: out.subarray(0, total), truncated: false };
}

/** Reads from `position` in the file until `buf` is full or the file ends; returns the bytes read. */
function fillFrom(fd: number, buf: Buffer, at: number, position: number): number {
  while (at < buf.length) {
    const n = readSync(fd, buf, at, buf.length - at, position + at);
    if (n === 0) break;
    at += n;
  }
  return at;
}

/** One input (a file, or - for standard input) of at most LIMITS.maxInputBytes, or a usage error. */
export function readInput(input: string): Buffer {
  let read: BoundedRead;
  try {
    read = readBounded(input, LIMITS.maxInputBytes);
  } catch (e) {
    throw new UsageError(`cannot read ${input}: ${(e as Error).message}`);
  }
  if (read.truncated) throw new UsageError(`${input} is larger than ${LIMITS.maxInputBytes} bytes, the limit for one input`);
  return read.bytes;
}
