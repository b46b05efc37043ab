import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatRedactionSummary, redactCapture, type KeepCategory } from '../model/redact';
import { UsageError, type CliIo } from './io';
import { readInput } from './read-input';

export const REDACT_USAGE = `sso-lens redact <FILE | -> --out FILE [--keep oid,email,name] [--json]

Writes a copy of a HAR file or SAML-tracer export that is safe to share: signatures, authorization
codes, cookies, client secrets, tokens (JWTs stay decodable, with placeholder values and signature)
and personal data (names, e-mails, UPNs, object IDs) are replaced by stable placeholders (the same
value gets the same placeholder everywhere). Issuers, audiences, times, algorithms, certificates and
their thumbprints, status codes and claim names stay, so the copy still diagnoses. Prints what it
removed (counts per category; never the values).

  --out FILE          where to write the redacted copy (never the input file)
  --keep LIST         personal data to keep: oid (object IDs and subjects), email, name
  --json              print the summary as one JSON object

Exit status: 0 written, 2 usage error or unreadable/unrecognised input.`;

const KEEP: readonly KeepCategory[] = ['oid', 'email', 'name'];

export function runRedact(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { out: { type: 'string' }, keep: { type: 'string', multiple: true }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.out(REDACT_USAGE);
    return Promise.resolve(0);
  }
  if (positionals.length !== 1 || positionals[0] === undefined) throw new UsageError('redact takes exactly one capture: a HAR file or SAML-tracer export, or - for standard input');
  if (values.out === undefined) throw new UsageError('redact needs --out FILE: where to write the redacted copy');
  const input = positionals[0];
  if (input !== '-' && resolve(input) === resolve(values.out)) throw new UsageError('--out must not be the input file: the original stays as it is');
  const keep: KeepCategory[] = [];
  for (const k of (values.keep ?? []).flatMap((v) => v.split(','))) {
    const name = k.trim() as KeepCategory;
    if (!KEEP.includes(name)) throw new UsageError(`--keep takes ${KEEP.join(', ')}, not ${JSON.stringify(k)}`);
    keep.push(name);
  }
  const outcome = redactCapture(readInput(input), { keep });
  if (!outcome.ok) throw new UsageError(`${input}: ${outcome.error.message}`);
  try {
    // Owner-only: the copy is meant to be shared deliberately, not picked up by others on the machine.
    writeFileSync(values.out, outcome.value.text, { mode: 0o600 });
  } catch (e) {
    throw new UsageError(`cannot write ${values.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const { format, removed, requests } = outcome.value;
  io.out(values.json ? JSON.stringify({ kind: 'redaction', format, out: values.out, requests, removed }, null, 2) : `${formatRedactionSummary(outcome.value)}\nwritten to ${values.out}`);
  return Promise.resolve(0);
}
