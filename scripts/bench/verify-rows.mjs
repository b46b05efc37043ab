#!/usr/bin/env node
// The two verification rows of issue 12, side by side in one process: SSO Lens's whole inspect path
// (dist/core.js `inspectArtifact` with trust material, findings included) against the plain library
// on the same inputs and keys.
//
//   npm run build && node scripts/bench/verify-rows.mjs [--rounds 31] [--round-ms 40] [--only jwt|saml] [--core other/dist/core.js]
//
// Candidates run interleaved round by round (the order alternates), each round times a batch of
// each, and the ratio is taken per round (paired), so load on the shared machine hits both sides
// alike (short rounds, many of them: the load changes from second to second); the table prints
// medians. CPU time (process.cpuUsage, all threads) is printed beside wall
// time. The verdict of every SSO Lens run is checked, so a faster wrong answer cannot pass.
// `benchVerifyRows()` returns the rows for another script to print.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(resolve(root, 'package.json'));
const samlFixtures = resolve(root, 'test', 'fixtures', 'saml', 'saml-response');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Times `n` sequential runs of `fn`: wall and CPU milliseconds. */
async function batch(fn, n) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

/**
 * Interleaved, paired comparison of `ours` and `plain`. Returns medians of ops/s for both and of the
 * per-round ratio ours/plain (throughput; > 1 means SSO Lens is faster), by wall and by CPU time.
 */
export async function compare(ours, plain, { rounds = 31, roundMs = 40 } = {}) {
  for (let i = 0; i < 20; i++) {
    await ours();
    await plain();
  }
  // Batch sizes so that one batch of each takes about roundMs.
  const size = async (fn) => {
    const t = await batch(fn, 20);
    return Math.max(5, Math.round((20 * roundMs) / Math.max(t.wall, 0.01)));
  };
  const nOurs = await size(ours);
  const nPlain = await size(plain);
  const per = { oursOps: [], plainOps: [], wall: [], cpu: [] };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ['ours', 'plain'] : ['plain', 'ours'];
    const res = {};
    for (const which of order) res[which] = which === 'ours' ? await batch(ours, nOurs) : await batch(plain, nPlain);
    const oursRate = nOurs / res.ours.wall;
    const plainRate = nPlain / res.plain.wall;
    per.oursOps.push(oursRate * 1000);
    per.plainOps.push(plainRate * 1000);
    per.wall.push(oursRate / plainRate);
    per.cpu.push(nOurs / res.ours.cpu / (nPlain / res.plain.cpu));
  }
  return { ours: median(per.oursOps), plain: median(per.plainOps), ratio: median(per.wall), cpuRatio: median(per.cpu) };
}

async function jwtRows(core, opts) {
  const { generateKeyPair, exportJWK, importJWK, SignJWT, jwtVerify } = await import(pathToFileURL(require.resolve('jose')).href);
  const rows = [];
  // Entra-shaped ID token claims (v2.0 issuer, tid/oid GUIDs, 40 group object IDs).
  const claims = {
    iss: 'https://login.microsoftonline.com/5c1f8a2e-3b7d-4e9a-9c6f-2a4b8d0e1f37/v2.0',
    aud: 'd8a6f1c2-7b3e-4f59-a1d0-6e2c9b4f7a13',
    tid: '5c1f8a2e-3b7d-4e9a-9c6f-2a4b8d0e1f37',
    oid: '0b5e9f2a-6c1d-4a8b-9e3f-7d2c1a0b9e84',
    sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
    ver: '2.0',
    name: 'Adele Vance',
    preferred_username: 'AdeleV@contoso.example',
    nonce: 'n-0S6_WzA2Mj',
    groups: Array.from({ length: 40 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
  };
  for (const alg of ['RS256', 'ES256']) {
    const pair = await generateKeyPair(alg, { extractable: true });
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: `${alg}-1`, alg, use: 'sig' };
    const token = await new SignJWT(claims).setProtectedHeader({ alg, kid: jwk.kid, typ: 'JWT' }).setIssuedAt().setNotBefore('0s').setExpirationTime('1h').sign(pair.privateKey);
    const trust = core.loadTrustMaterial(Buffer.from(JSON.stringify({ keys: [jwk] })), 'bench-jwks.json');
    if (!trust.ok) throw new Error(trust.error.message);
    const options = core.defaultInspectOptions({ trust: trust.value });
    const bytes = Buffer.from(token);
    const key = await importJWK(jwk, alg);
    const ours = async () => {
      const r = await core.inspectArtifact(bytes, options);
      if (!r.ok || r.value.signature.status !== 'valid' || r.value.findings.length !== 0) throw new Error(`SSO Lens did not verify the ${alg} token: ${JSON.stringify(r)}`);
    };
    const plain = async () => {
      await jwtVerify(token, key);
    };
    const m = await compare(ours, plain, opts);
    rows.push({ row: `ID token ${alg} decode+verify+findings`, baseline: 'jose.jwtVerify (CryptoKey)', ...m, goal: 0.9 });
  }
  return rows;
}

async function samlRows(core, opts) {
  const { SignedXml } = require('xml-crypto');
  const { DOMParser } = require('@xmldom/xmldom');
  const rows = [];
  const now = new Date('2026-11-22T06:00:00Z');
  const cases = [
    // A real Entra response (2015), assertion signed, RSA-SHA256 / exclusive C14N.
    { file: 'entra-2015-signed-assertion.xml', cert: 'entra-2015-signing-cert.pem', label: 'Entra response, assertion signed' },
    // Response and assertion both signed (two signatures in one message).
    { file: 'gen-signed-response-and-assertion.xml', cert: 'corpus-idp-signing.crt', label: 'response + assertion signed' },
  ];
  for (const c of cases) {
    const bytes = readFileSync(resolve(samlFixtures, c.file));
    const xml = bytes.toString('utf8');
    const pem = readFileSync(resolve(samlFixtures, c.cert), 'utf8');
    const trust = core.loadTrustMaterial(Buffer.from(pem), c.cert);
    if (!trust.ok) throw new Error(trust.error.message);
    const options = core.defaultInspectOptions({ now, trust: trust.value });
    const ours = async () => {
      const r = await core.inspectArtifact(bytes, options);
      if (!r.ok || r.value.signature.status !== 'valid') throw new Error(`SSO Lens did not verify ${c.file}`);
    };
    // Plain: parse once, then xml-crypto's checkSignature for every ds:Signature with the trusted certificate.
    const plain = () => {
      const doc = new DOMParser().parseFromString(xml, 'text/xml');
      const sigs = doc.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature');
      for (let i = 0; i < sigs.length; i++) {
        const sig = new SignedXml({ publicCert: pem, getCertFromKeyInfo: () => null });
        sig.loadSignature(sigs.item(i));
        if (!sig.checkSignature(xml)) throw new Error('plain xml-crypto did not verify');
      }
    };
    const m = await compare(ours, plain, opts);
    rows.push({ row: `SAML ${c.label}: parse+verify+findings`, baseline: 'xmldom parse + xml-crypto checkSignature', ...m, goal: 3 });
  }
  return rows;
}

export async function benchVerifyRows(opts = {}) {
  const core = require(opts.core ?? resolve(root, 'dist', 'core.js'));
  const only = opts.only ?? '';
  return [...('jwt'.includes(only) ? await jwtRows(core, opts) : []), ...('saml'.includes(only) ? await samlRows(core, opts) : [])];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : '';
  const coreAt = process.argv.indexOf('--core');
  const rows = await benchVerifyRows({ rounds: arg('--rounds', 31), roundMs: arg('--round-ms', 40), only, ...(coreAt >= 0 ? { core: resolve(process.argv[coreAt + 1]) } : {}) });
  console.log(`verify rows — node ${process.version}, ${new Date().toISOString()}; medians of paired rounds\n`);
  const head = ['row', 'SSO Lens ops/s', 'plain ops/s', 'ratio (wall)', 'ratio (CPU)', 'goal', 'meets goal', 'plain'];
  const body = rows.map((r) => [r.row, r.ours.toFixed(0), r.plain.toFixed(0), `${r.ratio.toFixed(2)}×`, `${r.cpuRatio.toFixed(2)}×`, `≥ ${r.goal}×`, r.ratio >= r.goal ? 'yes' : 'no', r.baseline]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  for (const line of [head, ...body]) console.log(line.map((c, i) => c.padEnd(widths[i])).join('  '));
}
