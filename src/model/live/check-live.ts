import type { X509Certificate } from 'node:crypto';
import type { Fetcher } from '../../decoders/oidc/fetcher';
import { describeInstant } from '../../decoders/time';
import { certificateLabel } from '../../decoders/x509/certificate';
import { configFinding, type ConfigFinding } from '../config-finding';
import type { ConfigIndex } from '../config-index';
import { DEFAULT_EXPIRY_WARNING_DAYS } from '../expiry';
import { loadCertificateRef } from '../rules/certificate-expiry';
import { inScope, liveSources, type LiveSource, type LiveSourceKind, type LiveSourceOptions, type PinnedCertificate } from './live-sources';
import { fetchMetadata, fetchOidcKeys, readMetadataKeys, sha1Hex, type Published, type PublishedDocument, type PublishedKey } from './published';

export interface LiveCheckOptions extends LiveSourceOptions {
  /**
   * The only way out to the network. Absent means offline: nothing is fetched, and every source is
   * reported `live.not-fetched` with `offlineReason`, never guessed at.
   */
  fetcher?: Fetcher;
  /** Why there is no fetcher, in words: "--offline", "the workspace is not trusted". */
  offlineReason?: string;
  now?: Date;
  /** Warn this many days before a published certificate expires (default 30). */
  expiryWarningDays?: number;
  /** Reads a file the config names (pinned certificates, metadata files), relative to the config. */
  readFile?: (relativePath: string) => Uint8Array | undefined;
  /** Only the sources that concern this element (a provider's or app's JSON pointer); all when absent. */
  scope?: string;
}

export interface LiveSourceReport {
  kind: LiveSourceKind;
  url: string;
  pointer: string;
  label: string;
  status: 'fetched' | 'failed' | 'not-fetched';
  /** Why it failed or was not fetched. */
  reason?: string;
  /** What is published now, when fetched. */
  published?: Array<{ use: PublishedKey['use']; sha1Thumbprint?: string; kid?: string; subject?: string; notBefore?: string; notAfter?: string }>;
}

export interface LiveCheckResult {
  /** True when at least one document was requested. */
  fetched: boolean;
  /** Set when nothing was fetched because the network may not be used. */
  offline?: string;
  sources: LiveSourceReport[];
  /** `live.*` findings and the `cert.*` expiry of what is published, each with the config pointer concerned. */
  findings: ConfigFinding[];
}

/**
 * Live comparison: fetch what the config names (metadata URLs, OIDC discovery + JWKS) and compare it
 * with what the config pins. A pinned certificate or key no longer published has rolled over (sign-ins
 * fail now); one published but not pinned is staged (a rollover is coming); a pinned metadata file that
 * no longer matches is stale; a published certificate near its end is about to expire. Each URL is
 * fetched once per check.
 */
export async function checkLive(index: ConfigIndex, options: LiveCheckOptions = {}): Promise<LiveCheckResult> {
  const now = options.now ?? new Date();
  const days = options.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS;
  const sources = liveSources(index, options).filter((s) => inScope(s, options.scope));
  const fetcher = options.fetcher;
  if (!fetcher) {
    const reason = options.offlineReason ?? 'network use is off';
    return {
      fetched: false,
      offline: reason,
      sources: sources.map((s) => ({ kind: s.kind, url: s.url, pointer: s.pointer, label: s.label, status: 'not-fetched', reason })),
      findings: sources.map((s) => configFinding('live.not-fetched', 'info', `nothing fetched (${reason}): the ${s.label} at ${s.url} was not compared with what the config pins`, s.pointer)),
    };
  }
  const cache = new Map<string, Promise<Published>>();
  const fetchOnce = (s: LiveSource): Promise<Published> => {
    const key = `${s.kind} ${s.url}`;
    let p = cache.get(key);
    if (!p) {
      p = s.kind === 'saml-metadata' ? fetchMetadata(fetcher, s.url) : fetchOidcKeys(fetcher, s.url, s.issuer);
      cache.set(key, p);
    }
    return p;
  };
  const reports: LiveSourceReport[] = [];
  const findings: ConfigFinding[] = [];
  // One at a time: a check is a handful of documents, and a slow IdP must not be hit in parallel.
  for (const s of sources) {
    const placeholder = unknownIn(s.url);
    if (placeholder !== undefined) {
      const reason = `the URL holds ${placeholder}, which only terraform apply (or a value for the variable) decides`;
      reports.push({ kind: s.kind, url: s.url, pointer: s.pointer, label: s.label, status: 'not-fetched', reason });
      findings.push(configFinding('live.not-fetched', 'info', `nothing fetched: ${reason}; the ${s.label} was not compared with what the config pins`, s.pointer));
      continue;
    }
    const published = await fetchOnce(s);
    if (!published.ok) {
      reports.push({ kind: s.kind, url: s.url, pointer: s.pointer, label: s.label, status: 'failed', reason: published.message });
      findings.push(configFinding('live.fetch-failed', 'warning', `the ${s.label} could not be fetched, so nothing was compared: ${published.message}`, s.pointer));
      continue;
    }
    reports.push({ kind: s.kind, url: s.url, pointer: s.pointer, label: s.label, status: 'fetched', published: published.value.keys.map((k) => publishedView(k)) });
    findings.push(...compare(s, published.value, { now, days, ...(options.readFile ? { readFile: options.readFile } : {}) }));
  }
  return { fetched: reports.some((r) => r.status !== 'not-fetched'), sources: reports, findings };
}

/**
 * A Terraform value only apply (or an unset variable) decides is written `${…}` in the model (check-terraform):
 * a URL holding one is never requested, since it would ask the real IdP for a wrong document.
 */
function unknownIn(url: string): string | undefined {
  return /\$\{[^}]*\}|\$%7B[^/?#]*/i.exec(url)?.[0];
}

interface CompareContext {
  now: Date;
  days: number;
  readFile?: (relativePath: string) => Uint8Array | undefined;
}

interface LoadedPin {
  pointer: string;
  label: string;
  use: 'signing' | 'encryption';
  /** SHA-1 thumbprints it stands for (a PEM file may hold several). */
  thumbprints: string[];
  kid?: string;
  /** True when the certificate itself is in the config (its expiry is checked offline already). */
  full: boolean;
  /** The pinned reference is a bare thumbprint (a quick fix can replace it). */
  thumbprintOnly: boolean;
}

function compare(s: LiveSource, doc: PublishedDocument, ctx: CompareContext): ConfigFinding[] {
  const out: ConfigFinding[] = [];
  const published = doc.keys;
  const pins = [...s.certificates.map((c) => loadPin(c, ctx)).filter((p): p is LoadedPin => p !== undefined), ...s.keys.map((k): LoadedPin => ({ pointer: k.pointer, label: k.label, use: 'signing', thumbprints: k.sha1Thumbprint ? [k.sha1Thumbprint.toUpperCase()] : [], ...(k.kid !== undefined ? { kid: k.kid } : {}), full: false, thumbprintOnly: false }))];
  const matches = (pin: LoadedPin, key: PublishedKey): boolean => key.use === pin.use && ((pin.kid !== undefined && key.kid === pin.kid) || (key.sha1Thumbprint !== undefined && pin.thumbprints.includes(key.sha1Thumbprint)));
  const where = `${s.label} (${s.url})`;
  for (const use of ['signing', 'encryption'] as const) {
    const pub = published.filter((k) => k.use === use);
    const usePins = pins.filter((p) => p.use === use);
    // Keycloak lists its encryption keys only in newer versions; an absent list proves nothing.
    if (usePins.length === 0 || (use === 'encryption' && pub.length === 0)) continue;
    const stillPublished = usePins.filter((p) => pub.some((k) => matches(p, k)));
    for (const pin of usePins) {
      if (stillPublished.includes(pin)) continue;
      const fix = pin.thumbprintOnly && pub.length === 1 && pub[0]?.sha1Thumbprint ? { title: `Pin the published certificate (${pub[0].sha1Thumbprint})`, kind: 'replace' as const, path: `${pin.pointer}/thumbprint`, value: pub[0].sha1Thumbprint } : undefined;
      out.push(
        configFinding(
          'live.key-rolled-over',
          'error',
          `the ${pin.label} (${pinText(pin)}) is no longer published in the ${where}: the IdP has rolled over to ${pub.length > 0 ? pub.map((k) => keyText(k, ctx.now)).join(', ') : 'no key of this use'}, so sign-ins it signs fail now. Update the pinned ${use} ${s.kind === 'oidc-discovery' ? 'key' : 'certificate'}`,
          pin.pointer,
          fix,
        ),
      );
    }
    if (stillPublished.length > 0) {
      const staged = pub.filter((k) => !usePins.some((p) => matches(p, k)));
      for (const k of staged) out.push(configFinding('live.key-staged', 'warning', `the ${where} publishes ${keyText(k, ctx.now)} besides the pinned one: a rollover is coming — ${whenActive(k, ctx.now)}. Pin it next to the current one so sign-ins keep working when the IdP switches`, s.pointer));
    }
    // Expiry of what is published, unless the pinned certificate itself is in the config (checked offline).
    for (const k of pub) {
      if (!k.certificate) continue;
      const pinned = usePins.filter((p) => matches(p, k));
      if (pinned.some((p) => p.full)) continue;
      if (s.kind === 'oidc-discovery' && pinned.length === 0) continue; // keys nobody pins may never be used
      const f = expiryFinding(k.certificate, ctx, `the ${use} ${certificateLabel(k.certificate)} published in the ${where}`, pinned[0]?.pointer ?? s.pointer);
      if (f) out.push(f);
    }
  }
  for (const m of s.metadataFiles) {
    const bytes = ctx.readFile?.(m.file);
    if (!bytes) continue; // config.file-not-found says so offline
    const onDisk = readMetadataKeys(Buffer.from(bytes).toString('utf8'), m.file);
    if (!onDisk.ok) continue; // the offline rules report an unreadable file
    const diffs: string[] = [];
    const diskSigning = onDisk.value.keys.filter((k) => k.use === 'signing').map((k) => k.sha1Thumbprint ?? '');
    const pubSigning = published.filter((k) => k.use === 'signing').map((k) => k.sha1Thumbprint ?? '');
    const gone = diskSigning.filter((t) => !pubSigning.includes(t));
    const added = pubSigning.filter((t) => !diskSigning.includes(t));
    if (gone.length > 0) diffs.push(`its signing certificate${gone.length > 1 ? 's' : ''} ${gone.join(', ')} ${gone.length > 1 ? 'are' : 'is'} no longer published`);
    if (added.length > 0) diffs.push(`the IdP now also publishes ${added.join(', ')}`);
    // Another tenant's or app's file names another entity (a tenant's entity ID carries its GUID).
    const disk = onDisk.value.entityIds.filter(Boolean);
    const live = doc.entityIds.filter(Boolean);
    if (disk.length > 0 && live.length > 0 && !disk.some((e) => live.includes(e))) diffs.push(`it describes ${disk.join(', ')}, the IdP publishes ${live.join(', ')}`);
    if (diffs.length === 0) continue;
    const severity = diskSigning.length > 0 && diskSigning.every((t) => gone.includes(t)) ? 'error' : 'warning';
    out.push(configFinding('live.metadata-differs', severity, `the ${m.label} ${m.file} differs from the ${where}: ${diffs.join('; ')}. Download it again${severity === 'error' ? ' (sign-ins verified with this file fail now)' : ''}`, m.pointer));
  }
  return out;
}

function loadPin(c: PinnedCertificate, ctx: CompareContext): LoadedPin | undefined {
  if ('thumbprint' in c.ref) return { pointer: c.pointer, label: c.label, use: c.use, thumbprints: [c.ref.thumbprint.toUpperCase()], full: false, thumbprintOnly: true };
  const loaded = loadCertificateRef(c.ref, c.pointer, ctx);
  if (!('certs' in loaded)) return undefined; // unreadable: config.file-not-found / cert.malformed say so offline
  return { pointer: c.pointer, label: c.label, use: c.use, thumbprints: loaded.certs.map(sha1Hex), full: true, thumbprintOnly: false };
}

function expiryFinding(cert: X509Certificate, ctx: CompareContext, label: string, pointer: string): ConfigFinding | undefined {
  const notAfter = Date.parse(cert.validTo);
  if (!Number.isFinite(notAfter)) return undefined;
  const after = describeInstant(notAfter / 1000, ctx.now);
  const expires = new Date(notAfter).toISOString();
  if (notAfter <= ctx.now.getTime()) return { ...configFinding('cert.expired', 'error', `${label} expired ${after.relative} (notAfter ${after.utc})`, pointer), expires };
  if (notAfter - ctx.now.getTime() <= ctx.days * 86_400_000) return { ...configFinding('cert.expiring', 'warning', `${label} expires ${after.relative} (notAfter ${after.utc}); the IdP must roll over before then`, pointer), expires };
  return undefined;
}

function pinText(pin: LoadedPin): string {
  const parts = [pin.kid !== undefined ? `kid ${pin.kid}` : '', pin.thumbprints.length > 0 ? `thumbprint ${pin.thumbprints.join(', ')}` : ''].filter(Boolean);
  return parts.join(', ') || 'no key id';
}

function keyText(k: PublishedKey, now: Date): string {
  const parts: string[] = [];
  if (k.kid !== undefined) parts.push(`kid ${k.kid}`);
  if (k.certificate) parts.push(certificateLabel(k.certificate));
  if (k.sha1Thumbprint) parts.push(`thumbprint ${k.sha1Thumbprint}`);
  if (k.certificate) parts.push(`valid until ${describeInstant(Date.parse(k.certificate.validTo) / 1000, now).utc}`);
  return parts.join(', ') || 'a key without id or certificate';
}

/** Metadata and JWKS carry no activation date; a certificate's notBefore is the only hint of when. */
function whenActive(k: PublishedKey, now: Date): string {
  const from = k.certificate ? Date.parse(k.certificate.validFrom) : NaN;
  if (Number.isFinite(from) && from > now.getTime()) {
    const v = describeInstant(from / 1000, now);
    return `it becomes valid on ${v.utc} (${v.relative}), the earliest the IdP can switch to it`;
  }
  return 'it is staged: the published document does not say when the IdP switches to it';
}

function publishedView(k: PublishedKey): NonNullable<LiveSourceReport['published']>[number] {
  return {
    use: k.use,
    ...(k.sha1Thumbprint ? { sha1Thumbprint: k.sha1Thumbprint } : {}),
    ...(k.kid !== undefined ? { kid: k.kid } : {}),
    ...(k.certificate ? { subject: k.certificate.subject.split('\n').join(', '), notBefore: new Date(Date.parse(k.certificate.validFrom)).toISOString(), notAfter: new Date(Date.parse(k.certificate.validTo)).toISOString() } : {}),
  };
}
