import type { InspectOptions } from '../inspect-options';
import type { InspectReport, Result } from '../result';
import type { Exchange } from './exchange';
import { inspectCapture, type CaptureHooks, type FlowData } from './inspect-capture';
import { readHarEntries } from './read-har';
import { readSamlTracerRequests, tracerExportTime } from './read-saml-tracer';

export type { CaptureHooks, FlowData, FlowStep, FlowStepReport, FlowSummary } from './inspect-capture';
export type { StepRole, StepApp } from './exchange-facts';
export { BudgetedKeySource, mapConcurrently } from './key-budget';

type InspectTextFn = (text: string, options: InspectOptions) => Promise<Result<InspectReport>>;

/**
 * Which capture a JSON document is, by content: a HAR (`{"log": {… "entries": [`) or a
 * SAML-tracer export (`{"requests": [{… "method", "url" …`). Only the head is looked at, so a
 * 200 MB capture is recognised without parsing it.
 */
export function recognizeCapture(bytes: Uint8Array): 'har' | 'saml-tracer' | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64 * 1024)).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (!head.startsWith('{')) return undefined;
  if (/^\{\s*"log"\s*:\s*\{/.test(head) && /"entries"\s*:\s*\[/.test(head)) return 'har';
  if (/^\{\s*"requests"\s*:\s*\[/.test(head) && /"(requestId|method|responseStatus)"\s*:/.test(head)) return 'saml-tracer';
  // Keys in another order (a HAR re-saved by a tool): the whole document is needed to tell.
  if (/"log"\s*:\s*\{/.test(head) && /"entries"\s*:\s*\[/.test(head) && /"startedDateTime"/.test(head)) return 'har';
  return undefined;
}

/**
 * A HAR or SAML-tracer export as a flow (kind `flow`), read entry by entry; undefined when it holds
 * no sign-in (the caller reports a HAR as before).
 */
export async function inspectCaptureBytes(bytes: Uint8Array, format: 'har' | 'saml-tracer', options: InspectOptions, inspectText: InspectTextFn, hooks: CaptureHooks = {}): Promise<InspectReport<FlowData> | undefined> {
  if (format === 'har') return inspectCapture({ format, read: (on) => readHarEntries(bytes, on) }, options, inspectText, hooks);
  const exportedAt = tracerExportTime(bytes);
  return inspectCapture({ format, read: (on) => readSamlTracerRequests(bytes, on), ...(exportedAt !== undefined ? { exportedAt } : {}) }, options, inspectText, hooks);
}

/**
 * A pasted authorization request or callback URL, or a `Location:` header carrying one: one step.
 * Recognised when it is an https/http URL with `response_type` + `client_id` (authorize) or with
 * `code`, `error` or `state` in its query or fragment (callback).
 */
export function recognizeFlowUrl(text: string): string | undefined {
  const m = /^(?:Location:\s*)?(https?:\/\/\S+)$/i.exec(text.trim());
  if (!m?.[1]) return undefined;
  let url: URL;
  try {
    url = new URL(m[1]);
  } catch {
    return undefined;
  }
  const p = new URLSearchParams(`${url.search.slice(1)}&${url.hash.slice(1)}`);
  const authorize = p.has('response_type') && p.has('client_id');
  const callback = p.has('code') || p.has('error') || (p.has('state') && p.has('id_token'));
  return authorize || callback ? url.href : undefined;
}

export async function inspectFlowUrl(url: string, options: InspectOptions, inspectText: InspectTextFn): Promise<InspectReport<FlowData> | undefined> {
  const exchange: Exchange = { entry: 1, method: 'GET', url, requestHeaders: [], responseHeaders: [] };
  return inspectCapture({ format: 'url', read: (on) => (on(exchange), { count: 1 }) }, options, inspectText);
}
