/**
 * A `kind: "flow"` report shaped exactly as the CLI contract's "Additions (version 2)" describes
 * (items per step with `step: { index, time, method, url, status, role, flow }`, an OIDC error
 * redirect carrying `oidc.error`), made from a recorded HAR. This is test scaffolding standing in
 * for the capture-flow grouping, so the diagram is tested on the contract's shape, not on its code.
 */
import type { FlowRole } from '../../src/present/flow-diagram';

interface HarEntry {
  startedDateTime: string;
  request: { method: string; url: string };
  response: { status: number };
}

export interface ContractFlowItem {
  kind: string;
  signature: { status: 'not-checked' };
  findings: Array<{ id: string; severity: 'error' | 'warning' | 'info'; message: string; code?: string }>;
  data: Record<string, unknown>;
  step: { index: number; time: string; method: string; url: string; status: number; role: FlowRole; flow: number };
}

export interface ContractFlow {
  kind: 'flow';
  signature: { status: 'not-checked' };
  findings: ContractFlowItem['findings'];
  data: Record<string, unknown>;
  items: ContractFlowItem[];
}

function roleOf(method: string, url: URL): FlowRole {
  if (url.searchParams.has('error')) return 'error-redirect';
  if (url.searchParams.has('SAMLRequest')) return 'authn-request';
  if (method === 'POST' && url.pathname.endsWith('/acs')) return 'saml-response';
  if (url.searchParams.has('response_type')) return 'authorize';
  if (url.searchParams.has('code') || url.pathname.endsWith('/callback')) return 'callback';
  if (method === 'POST' && url.pathname.endsWith('/token')) return 'token';
  return 'other';
}

export function flowFromHar(harText: string): ContractFlow {
  const entries = (JSON.parse(harText) as { log: { entries: HarEntry[] } }).log.entries;
  let flow = 0;
  const items = entries.map((e, i): ContractFlowItem => {
    const url = new URL(e.request.url);
    const role = roleOf(e.request.method, url);
    if (role === 'authorize') flow++;
    const error = url.searchParams.get('error');
    const findings: ContractFlowItem['findings'] = error ? [{ id: 'oidc.error', severity: 'error', message: `${error}: ${url.searchParams.get('error_description') ?? ''}` }] : [];
    return { kind: 'other', signature: { status: 'not-checked' }, findings, data: {}, step: { index: i + 1, time: e.startedDateTime, method: e.request.method, url: e.request.url, status: e.response.status, role, flow: Math.max(flow, 1) } };
  });
  return { kind: 'flow', signature: { status: 'not-checked' }, findings: [], data: {}, items };
}
