#!/usr/bin/env node
// Peak memory of indexing a metadata aggregate of many tiny entities (issue 15, class 16: the goal
// is peak RSS ≤ 1.5× the file, however many entities). Generates the aggregate into a temporary
// file, then indexes it in child `node` processes — in the core (read the file, inspectMetadataBytes)
// and through the CLI (`sso-lens inspect FILE --json`) — and reports each child's peak RSS
// (process.resourceUsage().maxRSS) against the file size. Numbers only; no assertions.
//
//   npm run build && node scripts/measure-aggregate.mjs [MEGABYTES=50]
//
// `measureAggregate(mb)` returns rows of { name, value, unit } for scripts/bench.mjs.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Writes an EntitiesDescriptor of tiny entities until the file reaches `bytes`; returns the entity count. */
function writeTinyAggregate(file, bytes) {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, '<?xml version="1.0"?>\n<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" Name="urn:bench:tiny">\n');
    let written = 0;
    let n = 0;
    const batch = [];
    while (written < bytes) {
      // Mostly bare entities (~45 bytes: the most entities per byte), every tenth with a role.
      const e = n % 10 ? `<EntityDescriptor entityID="https://e${n}/"/>\n` : `<EntityDescriptor entityID="https://e${n}/"><SPSSODescriptor/></EntityDescriptor>\n`;
      batch.push(e);
      written += e.length;
      n++;
      if (batch.length === 10000) {
        writeSync(fd, batch.join(''));
        batch.length = 0;
      }
    }
    writeSync(fd, batch.join('') + '</EntitiesDescriptor>\n');
    return n;
  } finally {
    closeSync(fd);
  }
}

// The core path: the file is read into one Buffer, then indexed.
const CORE_CHILD = `
const core = require(process.argv[1]);
const baseline = process.resourceUsage().maxRSS;
const bytes = require('node:fs').readFileSync(process.argv[2]);
const before = process.resourceUsage().maxRSS;
const r = core.inspectMetadataBytes(bytes, core.defaultInspectOptions());
if (r.data.entityCount !== Number(process.argv[3])) throw new Error('wrong entity count ' + r.data.entityCount);
console.log(JSON.stringify({ baselineKb: baseline, beforeKb: before, peakKb: process.resourceUsage().maxRSS }));
`;

function runCore(file, entities) {
  const child = spawnSync(process.execPath, ['-e', CORE_CHILD, resolve(root, 'dist', 'core.js'), file, String(entities)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`core child failed: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

// The CLI path: a whole `sso-lens inspect --json` run; its peak RSS is read by a wrapper that
// requires the CLI in the same process and reports on exit.
const CLI_CHILD = `
process.on('exit', () => { process.stderr.write('\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n'); });
process.argv = [process.argv[0], process.argv[1], 'inspect', process.argv[2], '--offline', '--json'];
require(process.argv[1]);
`;

function runCli(file) {
  const child = spawnSync(process.execPath, ['-e', CLI_CHILD, resolve(root, 'dist', 'cli.js'), file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const m = /MAXRSS (\d+)/.exec(child.stderr);
  if (!m || !child.stdout.includes('"entityCount"')) throw new Error(`cli child failed (${child.status}): ${child.stderr.slice(0, 2000)}`);
  return { peakKb: Number(m[1]) };
}

export function measureAggregate(mb = 50) {
  const dir = mkdtempSync(join(tmpdir(), 'sso-lens-agg-'));
  try {
    const file = join(dir, 'tiny.xml');
    const entities = writeTinyAggregate(file, mb * 1048576);
    const size = statSync(file).size;
    const core = runCore(file, entities);
    const cli = runCli(file);
    const MB = (kb) => +(kb / 1024).toFixed(0);
    return [
      { name: `tiny-entity aggregate: size (${entities} entities)`, value: +(size / 1048576).toFixed(1), unit: 'MB' },
      { name: 'tiny-entity aggregate: core RSS with the code loaded', value: MB(core.baselineKb), unit: 'MB' },
      { name: 'tiny-entity aggregate: core RSS with the file read', value: MB(core.beforeKb), unit: 'MB' },
      { name: 'tiny-entity aggregate: core peak RSS', value: MB(core.peakKb), unit: 'MB' },
      { name: 'tiny-entity aggregate: core peak RSS / file', value: +((core.peakKb * 1024) / size).toFixed(2), unit: 'x' },
      { name: 'tiny-entity aggregate: CLI peak RSS', value: MB(cli.peakKb), unit: 'MB' },
      { name: 'tiny-entity aggregate: CLI peak RSS / file', value: +((cli.peakKb * 1024) / size).toFixed(2), unit: 'x' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const r of measureAggregate(Number(process.argv[2] ?? 50))) console.log(`${r.name.padEnd(58)} ${String(r.value).padStart(10)} ${r.unit}`);
}
