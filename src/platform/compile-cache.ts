import * as nodeModule from 'node:module';

/**
 * Node's on-disk compile cache (Node 22.1+; a no-op before): later starts of the CLI reuse V8's code
 * for the bundles instead of compiling them again. The cache lives in the OS temp directory (Node's
 * default), never next to the user's files; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
export function enableCompileCache(): void {
  const enable = (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache;
  try {
    enable?.();
  } catch {
    // A read-only or full temp directory only costs speed.
  }
}
