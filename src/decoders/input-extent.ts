/**
 * How much of the input the core was handed. The CLI reads at most a limit + 1 bytes (a 70 MB file
 * costs no more memory than the limit), so the byte count it passes on is not the input's size.
 */
export interface InputExtent {
  /** The whole input's size when known (a regular file's stat), whatever was read of it. */
  size?: number;
  /** The bytes are only the head of the input: reading stopped past the limit. */
  truncated?: boolean;
}

/** "the input is 73400320 bytes", or "more than 67108864 bytes" when only the head was read. */
export function describeSize(noun: string, readBytes: number, limit: number, extent: InputExtent = {}): string {
  if (extent.size !== undefined && extent.size >= readBytes) return `${noun} is ${extent.size} bytes`;
  if (extent.truncated) return `${noun} is more than ${limit} bytes`;
  return `${noun} is ${readBytes} bytes`;
}
