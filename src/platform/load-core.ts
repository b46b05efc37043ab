/** The heavy core is a separate bundle (dist/core.js) loaded on first use; see esbuild.mjs. */
export type Core = typeof import('../core');

export function loadCore(): Core {
  // Node's module cache makes repeated calls free.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./core.js') as Core;
}
