/**
 * Stable placeholders: the same original value always gets the same placeholder within one
 * redaction, so a redacted capture still shows that the e-mail in the token is the one in the
 * login hint, or that two requests carried the same cookie.
 */

/** What a redaction removed, counted per distinct original value (README "Share safely"). */
export type RedactionCategory =
  | 'tokens'
  | 'signatures'
  | 'authorization-codes'
  | 'cookies'
  | 'client-secrets'
  | 'saml-assertions'
  | 'encrypted-data'
  | 'emails'
  | 'names'
  | 'object-ids'
  | 'other-personal-data';

export const REDACTION_CATEGORIES: readonly RedactionCategory[] = [
  'tokens',
  'signatures',
  'authorization-codes',
  'cookies',
  'client-secrets',
  'saml-assertions',
  'encrypted-data',
  'emails',
  'names',
  'object-ids',
  'other-personal-data',
];

/** Personal data the user may choose to keep (`--keep oid,email,name`). */
export type KeepCategory = 'oid' | 'email' | 'name';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The lookbehind keeps the scan linear: inside a long base64 run no position starts a new attempt.
export const EMAIL_IN_TEXT = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

export const isGuid = (v: string): boolean => GUID.test(v);
export const isEmail = (v: string): boolean => EMAIL.test(v);

/** Our own placeholders, never redacted again (the final pass walks text they are already in). */
const PLACEHOLDER = /^(?:REDACTED_[A-Z_]+_\d+|user-\d+@redacted\.invalid|Redacted Name \d+|redacted-\d+|00000000-0000-4000-8000-\d{12})$/;

export class PlaceholderBook {
  private readonly byValue = new Map<string, string>();
  private readonly counts = new Map<RedactionCategory, number>();
  /** Originals of personal data and secrets, replaced wherever else they appear (echoes). */
  private readonly originals = new Map<string, string>();
  private readonly made = new Set<string>();
  private serial = 0;

  constructor(readonly keep: ReadonlySet<KeepCategory> = new Set()) {}

  isPlaceholder(value: string): boolean {
    return this.made.has(value) || PLACEHOLDER.test(value);
  }

  /** The placeholder for `original` in `category`, made by `make(n)` the first time it is seen. */
  replace(category: RedactionCategory, original: string, make: (n: number) => string): string {
    const key = `${category}\u0000${original}`;
    const known = this.byValue.get(key);
    if (known !== undefined) return known;
    const n = ++this.serial;
    const placeholder = make(n);
    this.byValue.set(key, placeholder);
    this.made.add(placeholder);
    this.counts.set(category, (this.counts.get(category) ?? 0) + 1);
    // Short values ("en", "1") would turn up in unrelated text; they are replaced only where found.
    if (original.length >= 4 && original !== placeholder) this.originals.set(original, placeholder);
    return placeholder;
  }

  /** A token, code, cookie or secret: an opaque placeholder naming what it was. */
  secret(category: 'tokens' | 'authorization-codes' | 'cookies' | 'client-secrets' | 'encrypted-data', original: string): string {
    if (original === '' || this.isPlaceholder(original)) return original;
    const label = { tokens: 'TOKEN', 'authorization-codes': 'CODE', cookies: 'COOKIE', 'client-secrets': 'SECRET', 'encrypted-data': 'ENCRYPTED' }[category];
    return this.replace(category, original, (n) => `REDACTED_${label}_${n}`);
  }

  /**
   * Personal data by its shape: e-mails stay e-mail shaped, object IDs stay GUIDs (so "IDs where
   * names are expected" still diagnoses), names read as names. Kept when the user asked to keep them.
   */
  personal(original: string, hint: 'email' | 'name' | 'object-id' | 'other' = 'other'): string {
    if (original === '' || this.isPlaceholder(original)) return original;
    if (isEmail(original) || hint === 'email') {
      if (this.keep.has('email')) return original;
      return isEmail(original) ? this.replace('emails', original.toLowerCase(), (n) => `user-${n}@redacted.invalid`) : this.replace('other-personal-data', original, (n) => `redacted-${n}`);
    }
    if (isGuid(original) || hint === 'object-id') {
      if (this.keep.has('oid')) return original;
      return this.replace('object-ids', original.toLowerCase(), (n) => (isGuid(original) ? `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` : `redacted-${n}`));
    }
    if (hint === 'name') return this.keep.has('name') ? original : this.replace('names', original, (n) => `Redacted Name ${n}`);
    return this.replace('other-personal-data', original, (n) => `redacted-${n}`);
  }

  /** A base64 (or base64url) placeholder of a signature or digest, so the structure stays decodable. */
  signature(original: string, encoding: 'base64' | 'base64url'): string {
    if (original === '') return original;
    return this.replace('signatures', original, (n) => Buffer.from(`redacted-signature-${n}`).toString(encoding));
  }

  /** Counts something removed whole (an assertion's personal data) without a placeholder of its own. */
  count(category: RedactionCategory, original: string): void {
    const key = `${category}\u0000${original}`;
    if (this.byValue.has(key)) return;
    this.byValue.set(key, '');
    this.counts.set(category, (this.counts.get(category) ?? 0) + 1);
  }

  summary(): Record<RedactionCategory, number> {
    const out = {} as Record<RedactionCategory, number>;
    for (const c of REDACTION_CATEGORIES) out[c] = this.counts.get(c) ?? 0;
    return out;
  }

  /**
   * Replaces every original seen so far (and its URL-encoded forms) wherever it still appears:
   * the user's name on a page, the e-mail in a login hint, a code echoed in a Referer.
   */
  scrubEchoes(text: string): string {
    if (this.originals.size === 0 || text.length < 4) return text;
    const index = this.echoIndex();
    // Leftmost-longest replacement, keyed by each position's first two characters: linear in the
    // text for any number of originals (a regex alternation of thousands of values is not).
    let out = '';
    let last = 0;
    for (let i = 0; i + 1 < text.length; ) {
      const candidates = index.get(text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1));
      const hit = candidates?.find((c) => text.startsWith(c, i));
      if (hit === undefined) {
        i++;
        continue;
      }
      out += text.slice(last, i) + (this.echoTable.get(hit) ?? hit);
      i += hit.length;
      last = i;
    }
    return last === 0 ? text : out + text.slice(last);
  }

  private echoTable = new Map<string, string>();
  private echoByPrefix = new Map<number, string[]>();
  private echoSize = -1;

  private echoIndex(): Map<number, string[]> {
    if (this.echoSize === this.originals.size) return this.echoByPrefix;
    this.echoTable = new Map();
    for (const [original, placeholder] of this.originals) {
      for (const form of new Set([original, encodeURIComponent(original), encodeURIComponent(original).replace(/%20/g, '+')])) {
        this.echoTable.set(form, placeholder);
        // E-mails and GUIDs were keyed lower-case; their echoes may differ in case.
        if (isEmail(original) || isGuid(original)) this.echoTable.set(form.toLowerCase(), placeholder);
      }
    }
    this.echoByPrefix = new Map();
    for (const form of [...this.echoTable.keys()].sort((a, b) => b.length - a.length)) {
      const key = form.charCodeAt(0) * 65536 + form.charCodeAt(1);
      const list = this.echoByPrefix.get(key);
      if (list) list.push(form);
      else this.echoByPrefix.set(key, [form]);
    }
    this.echoSize = this.originals.size;
    return this.echoByPrefix;
  }
}
