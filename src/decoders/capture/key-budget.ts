import { fail, type Result } from '../result';
import type { IssuerKeys, KeySource } from '../oidc/key-source';

/** All key fetches for the tokens of one capture together get this long (README "Limits"). */
export const CAPTURE_KEY_BUDGET_MS = 20_000;

/**
 * A key source for the tokens of one capture: one overall deadline for every fetch, and each
 * issuer asked once however many tokens name it, so a capture whose tokens name ten unresponsive
 * issuers waits for the budget once, not ten timeouts in turn. Fetches run concurrently.
 */
export class BudgetedKeySource implements KeySource {
  private readonly inFlight = new Map<string, Promise<Result<IssuerKeys>>>();
  private readonly deadline: number;

  constructor(
    private readonly inner: KeySource,
    budgetMs: number = CAPTURE_KEY_BUDGET_MS,
    private readonly clock: () => number = Date.now,
  ) {
    this.deadline = clock() + budgetMs;
  }

  keysForIssuer(issuer: string, options: { appId?: string; refresh?: boolean }): Promise<Result<IssuerKeys>> {
    const key = `${issuer}\u0000${options.appId ?? ''}\u0000${options.refresh ? 'r' : ''}`;
    const existing = this.inFlight.get(key);
    if (existing) return existing;
    const left = this.deadline - this.clock();
    const p = left <= 0 ? Promise.resolve(outOfTime(issuer)) : withDeadline(this.inner.keysForIssuer(issuer, options), left, issuer);
    this.inFlight.set(key, p);
    return p;
  }
}

function outOfTime(issuer: string): Result<IssuerKeys> {
  return fail('jwt.keys-fetch-failed', `the keys of ${issuer} were not fetched: the capture's key-fetch budget of ${CAPTURE_KEY_BUDGET_MS / 1000} s was used up`);
}

function withDeadline(p: Promise<Result<IssuerKeys>>, ms: number, issuer: string): Promise<Result<IssuerKeys>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(outOfTime(issuer)), ms);
    p.then(
      (r) => {
        clearTimeout(timer);
        resolve(r);
      },
      (e: unknown) => {
        clearTimeout(timer);
        resolve(fail('jwt.keys-fetch-failed', `fetching the keys of ${issuer} failed: ${(e as Error).message}`));
      },
    );
  });
}

/** Runs `tasks` with at most `limit` at a time, keeping their order in the result. */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
