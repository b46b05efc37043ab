// Config row: a generated ~5,000-line SSO Lens config (one Entra tenant: groups, users, OIDC apps and
// SAML apps naming real certificate and metadata files from examples/), edited the way typing edits
// it, and after each edit everything the extension does for it, as ConfigStore does it: validate with
// every rule, passing the previous validation's document (an edit inside a string re-parses
// incrementally) and the referenced files as last read (the same bytes until they change on disk), the
// Providers tree (buildConfigTree), diagnostics (each finding's range as line/character) and the code
// lenses (each app located in the same validation: AppCodeLensProvider shares the store's). The same
// dist/core.js functions the extension calls.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt, loadCore, median, root, verdict } from './lib.mjs';

const TENANT = '5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480';
const guid = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

export function generateConfig(core) {
  const example = core.parseConfigText(readFileSync(join(root, 'examples', 'assetpanda.sso.json'), 'utf8')).value;
  const samlApp = example.providers[0].apps[0];
  const groups = Array.from({ length: 120 }, (_, i) => ({ id: `g${i}`, displayName: `group ${i}`, objectId: guid(i), kind: 'security' }));
  const users = Array.from({ length: 40 }, (_, i) => ({ id: `u${i}`, userPrincipalName: `user${i}@contoso.example`, mail: `user${i}@contoso.example`, groups: [`g${i % 120}`, `g${(i * 7) % 120}`] }));
  const oidc = Array.from({ length: 40 }, (_, a) => ({
    id: `app${a}`,
    protocol: 'oidc',
    clientId: guid(10_000 + a),
    issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    clientSecret: { env: `APP${a}_SECRET` },
    redirectUris: [`https://app${a}.example.com/callback`, 'http://localhost:8000'],
    scopes: ['openid', 'profile', 'email'],
    groupsClaim: { membership: ['ApplicationGroup'], idToken: { format: 'objectId' } },
    claimMapping: { email: 'email', team: 'groups' },
    teams: Array.from({ length: 6 }, (_, t) => ({ name: guid((a * 6 + t) % 120), source: { group: `g${(a * 6 + t) % 120}` } })),
  }));
  const saml = Array.from({ length: 20 }, (_, a) => ({
    ...samlApp,
    id: `saml${a}`,
    displayName: `SAML app ${a}`,
    identifiers: [`urn:amazon:cognito:sp:us-east-1_bench${a}`],
    replyUrls: [`https://saml${a}.auth.us-east-1.amazoncognito.com/saml2/idpresponse`],
    assignments: [{ group: `g${a}` }],
  }));
  return { version: 1, providers: [{ id: 'entra', type: 'entra', tenantId: TENANT, groups, users, apps: [...oidc, ...saml] }] };
}

/** What toDiagnostics (src/views/config-diagnostics.ts) computes without the vscode types: line/character ranges. */
function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}
function position(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

/**
 * The generated config and one edit's work as the extension does it (ConfigStore, ConfigDiagnostics,
 * AppCodeLensProvider) over `core` (dist/core.js or another build's). Shared with load-rows.mjs.
 */
export function configEditRunner(core) {
  const text = JSON.stringify(generateConfig(core), null, 2);
  const examples = join(root, 'examples');
  // Read once, handed out as the same bytes on every edit (ConfigStore re-reads a file when its stat moves).
  const files = new Map();
  const readFile = (rel) => {
    if (!files.has(rel)) {
      try {
        files.set(rel, readFileSync(join(examples, rel)));
      } catch {
        files.set(rel, undefined);
      }
    }
    return files.get(rel);
  };
  let previous;
  const perEdit = (t) => {
    const t0 = performance.now();
    const v = core.validateConfigText(t, { expiryWarningDays: 30, readFile, ...(previous ? { previous } : {}) });
    previous = v.document;
    const t1 = performance.now();
    const tree = v.index ? core.buildConfigTree(v.index, v.findings) : [];
    const starts = lineStarts(t);
    const diagnostics = v.findings.map((f) => [position(starts, f.range?.offset ?? 0), position(starts, (f.range?.offset ?? 0) + (f.range?.length ?? 0))]);
    const lenses = v.index && v.schemaValid ? v.index.apps.map((app) => v.document.locate(app.pointer)).filter(Boolean).map((at) => position(starts, at.offset)) : [];
    return { validateMs: t1 - t0, totalMs: performance.now() - t0, schemaValid: v.schemaValid, tree: tree.length, diagnostics: diagnostics.length, lenses: lenses.length };
  };
  /** Typing in a group's display name: a new text every time. */
  const edited = (i) => text.replace('"displayName": "group 7"', `"displayName": "group 7 edit ${i}"`);
  return { text, lines: text.split('\n').length, perEdit, edited };
}

export async function benchConfig(ctx) {
  const { text, lines, perEdit, edited: editedText } = configEditRunner(loadCore());
  const first = perEdit(text);
  if (!first.schemaValid || first.lenses === 0) throw new Error(`config bench: the generated config should be schema-valid with apps (${JSON.stringify(first)})`);
  const runs = [];
  const n = ctx.quick ? 5 : 40;
  for (let i = 0; i < n; i++) {
    const r = perEdit(editedText(i));
    if (r.lenses !== first.lenses || r.diagnostics !== first.diagnostics) throw new Error('config bench: an edited display name changed the findings or the lenses');
    runs.push(r);
  }
  const total = median(runs.map((r) => r.totalMs));
  const validate = median(runs.map((r) => r.validateMs));
  const p90 = runs.map((r) => r.totalMs).sort((a, b) => a - b)[Math.floor(runs.length * 0.9)];
  return [
    {
      what: `config re-validation after an edit, ${lines} lines (validate, tree, diagnostics, code lenses)`,
      ours: `${fmt.ms(total)} per edit (validate ${fmt.ms(validate)}; p90 ${fmt.ms(p90)}; ${first.diagnostics} findings, ${first.lenses} lenses)`,
      goal: '< 20 ms per edit',
      meets: verdict(ctx, total < 20),
    },
  ];
}
