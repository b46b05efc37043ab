/**
 * The property-test harness of issue 15: per decoder family, arbitrary bytes and structure-aware
 * mutations of real fixtures, asserting that no exception escapes, that every answer is a typed
 * result or findings with id, severity and a string message, and that each input finishes within
 * a time budget (a bound per input, not a benchmark: a violation fails with the input printed).
 *
 * `npm test` runs a bounded slice with a fixed seed (deterministic CI); `npm run fuzz` runs longer:
 * FUZZ_RUNS (runs per property), FUZZ_SEED (a number; random when "random"), FUZZ_BUDGET_MS.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Finding, InspectReport, Result } from '../../../src/decoders/result';

const env = (name: string): string | undefined => process.env[name];

/** Runs per property in the unit slice: a few hundred per family across its properties. */
export const RUNS = Number(env('FUZZ_RUNS') ?? 200);
/** Fixed unless asked otherwise, so CI sees the same inputs every time. */
export const SEED = env('FUZZ_SEED') === 'random' ? Date.now() : Number(env('FUZZ_SEED') ?? 15015);
/** Generous: the machine running CI is loaded; a hang or a quadratic blow-up is far beyond it. */
export const BUDGET_MS = Number(env('FUZZ_BUDGET_MS') ?? 10_000);

export function params<T>(): fc.Parameters<T> {
  return { numRuns: RUNS, seed: SEED, endOnFailure: true, verbose: 1 };
}

/** Prints an input short enough to read and paste into a test. */
export function show(input: unknown): string {
  const text = typeof input === 'string' ? JSON.stringify(input) : input instanceof Uint8Array ? `base64:${Buffer.from(input).toString('base64')}` : JSON.stringify(input);
  return text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} chars)` : text;
}

/** Runs one input under the time bound; an escaping exception or an overrun fails with the input. */
export async function bounded<T>(input: unknown, run: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  let value: T;
  try {
    value = await run();
  } catch (e) {
    assert.fail(`an exception escaped (${(e as Error).stack ?? String(e)}) for input ${show(input)}`);
  }
  const took = performance.now() - started;
  assert.ok(took <= BUDGET_MS, `took ${Math.round(took)} ms (> ${BUDGET_MS} ms) for input ${show(input)}`);
  return value;
}

export function assertFinding(f: Pick<Finding, 'id' | 'severity' | 'message'>, input: unknown): void {
  assert.match(f.id, /^[a-z0-9-]+\.[a-z0-9.-]+$/, `finding id ${String(f.id)} for input ${show(input)}`);
  assert.ok(['error', 'warning', 'info'].includes(f.severity), `severity ${String(f.severity)} for input ${show(input)}`);
  assert.equal(typeof f.message, 'string', `finding ${f.id} has no string message for input ${show(input)}`);
}

/** A typed result: an error value with id and message, or a report whose findings are all well-formed. */
export function assertResult(r: Result<InspectReport>, input: unknown): void {
  assert.equal(typeof r.ok, 'boolean', `not a Result for input ${show(input)}`);
  if (!r.ok) {
    assertFinding({ id: r.error.id, severity: 'error', message: r.error.message }, input);
    return;
  }
  assert.equal(typeof r.value.kind, 'string');
  for (const f of r.value.findings) assertFinding(f, input);
  JSON.stringify(r.value);
}

/**
 * Structure-aware mutations of a real fixture's text: cut a slice, repeat one, swap in text from
 * elsewhere in the file, insert arbitrary or markup-significant characters, truncate.
 */
export function mutationsOf(text: string): fc.Arbitrary<string> {
  const pos = fc.nat({ max: text.length });
  const span = fc.tuple(pos, pos).map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));
  const noise = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('<', '>', '"', "'", '&', '&#13;', '\r\n', '=', '.', '{', '}', '[', ']', ':', ',', '\u0000', 'constructor', '__proto__', 'toString', '<!--', '<![CDATA[', '</', '/>', 'xmlns:a="x"', '%', '+', '/'),
  );
  return fc.oneof(
    span.map(([a, b]) => text.slice(0, a) + text.slice(b)),
    span.chain(([a, b]) => fc.integer({ min: 1, max: 20 }).map((n) => text.slice(0, b) + text.slice(a, b).repeat(n) + text.slice(b))),
    fc.tuple(span, pos).map(([[a, b], at]) => text.slice(0, at) + text.slice(a, b) + text.slice(at)),
    fc.tuple(pos, noise).map(([at, s]) => text.slice(0, at) + s + text.slice(at)),
    fc.tuple(pos, noise).map(([at, s]) => text.slice(0, at) + s + text.slice(at + s.length)),
    pos.map((at) => text.slice(0, at)),
  );
}
