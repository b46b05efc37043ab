import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCel } from '../../../src/model/cel-analysis';
import { buildConfigTree } from '../../../src/model/config-tree';
import type { KeycloakProvider, OidcApp, SamlApp, SsoConfig } from '../../../src/model/config-types';
import { personaTable } from '../../../src/model/mapping';
import { evaluateAuthorization } from '../../../src/model/mapping/evaluate-cel';
import { offsetToLineColumn } from '../../../src/model/text-position';
import { validateConfigText } from '../../../src/model/validate-config';
import { check, example, ids, only } from './helpers';

/**
 * Class 9 and 13 of issue 15: every config and mapping analysis answers in bounded time and stack,
 * with a finding when a budget is hit. Inputs are generated here; no timing assertions.
 */
const exoscaleApp = (c: SsoConfig): OidcApp => c.providers[0]?.apps?.[0] as OidcApp;
const samlApp = (c: SsoConfig): SamlApp => c.providers[0]?.apps?.[0] as SamlApp;
const realm = (c: SsoConfig): KeycloakProvider => c.providers[1] as KeycloakProvider;

describe('bounded stack: a long CEL expression', () => {
  const long = Array.from({ length: 5000 }, () => 'email').join(' + ') + " == 'x' ? 'dc097e90-4636-4d2a-a629-670ab4395209' : false";

  it('is analysed without recursion: its claims and results are found', () => {
    const r = analyzeCel(long);
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.deepEqual(r.claims, ['email']);
    assert.deepEqual(r.outcome.strings, ['dc097e90-4636-4d2a-a629-670ab4395209']);
    assert.deepEqual(r.outcome.booleans, [false]);
  });

  it('check and personas answer with findings instead of an internal error', () => {
    const c = example('exoscale');
    exoscaleApp(c).authorization = { expression: long, additionalClaims: [] };
    assert.deepEqual(ids(check(c), 'error'), []);
    const { rows } = personaTable(c);
    assert.equal(rows.length, 2);
    // The evaluator itself runs out of stack on this chain: that is its answer, a denied login.
    for (const r of rows) assert.equal(r.mapping.authorization?.outcome, 'error');
  });
});

describe('CEL evaluation budget (class 13)', () => {
  const nested = (depth: number): string => {
    let e = 'true';
    for (let i = depth - 1; i >= 0; i--) e = `[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(v${i}, ${e})`;
    return `${e} ? 'dc097e90-4636-4d2a-a629-670ab4395209' : false`;
  };

  it('eight nested .all() over ten elements is refused with mapping.budget-exceeded, not run for minutes', () => {
    const c = example('exoscale');
    exoscaleApp(c).authorization = { expression: nested(8), additionalClaims: [] };
    const { rows } = personaTable(c);
    for (const r of rows) {
      assert.equal(r.mapping.authorization?.outcome, 'error');
      assert.equal(r.mapping.authorization?.budgetExceeded, true);
      const f = r.mapping.findings.filter((x) => x.id === 'mapping.budget-exceeded');
      assert.equal(f.length, 1);
      assert.equal(f[0]?.severity, 'warning');
      assert.match(f[0]?.message ?? '', /nest 8 deep over up to 10 elements/);
      assert.equal(f[0]?.path, '/providers/0/apps/0/authorization/expression');
      assert.ok(!r.mapping.findings.some((x) => x.id === 'mapping.authorization-denied'), 'not reported as denied: the result is unknown');
    }
  });

  it('the width comes from the claims too: three nested .exists() over a 200-value claim', () => {
    const groups = Array.from({ length: 200 }, (_, i) => `g${i}`);
    const r = evaluateAuthorization("groups.exists(a, groups.exists(b, groups.exists(c, a + b + c == 'none'))) ? 'dc097e90-4636-4d2a-a629-670ab4395209' : false", { groups }, '/x');
    assert.equal(r.budgetExceeded, true);
  });

  it('shallow loops are still evaluated as before', () => {
    const c = example('exoscale');
    exoscaleApp(c).authorization = { expression: nested(3), additionalClaims: [] };
    const { rows } = personaTable(c);
    assert.deepEqual(rows.map((r) => r.mapping.authorization?.outcome), ['granted', 'granted']);
    const staff = evaluateAuthorization("email.endsWith('@exoscale.com') && ['a', 'b'].exists(x, x == 'b') ? 'dc097e90-4636-4d2a-a629-670ab4395209' : false", { email: 'ada@exoscale.com' }, '/x');
    assert.equal(staff.outcome, 'granted');
  });
});

describe('regex budgets (class 9)', () => {
  const slow = (n: number): string => `${'a'.repeat(n)}!`;

  it('unknown-app-role runs a catastrophic mapper pattern with a time limit and says when the budget ran out', () => {
    const c = example('spark-keycloak');
    const m = realm(c).identityProviders?.[0]?.mappers?.[5];
    if (!m?.claims?.[0]) throw new Error('fixture');
    m.claims[0].value = '(a+)+b';
    m.regex = true;
    const roles = samlApp(c).appRoles ?? [];
    // Twenty role values that make (a+)+b backtrack for far longer than the per-value limit.
    for (let i = 0; i < 20; i++) roles.push({ value: slow(30 + i), displayName: `r${i}`, allowedMemberTypes: ['User'], enabled: true, id: `0a1b2c3d-4e5f-4a6b-8c7d-${String(i).padStart(12, '0')}` });
    const findings = check(c);
    assert.deepEqual(only(findings, 'config.unknown-app-role').map((f) => f.path), ['/providers/1/identityProviders/0/mappers/5/claims/0/value']);
    const budget = only(findings, 'config.budget-exceeded');
    assert.equal(budget.length, 1);
    assert.equal(budget[0]?.severity, 'warning');
    assert.match(budget[0]?.message ?? '', /not tried/);
  });

  it('a mapping with hundreds of claim values against one slow pattern stops at the total budget with mapping.budget-exceeded', () => {
    const c = example('spark-keycloak');
    const m = realm(c).identityProviders?.[0]?.mappers?.[5];
    if (!m?.claims?.[0]) throw new Error('fixture');
    m.claims[0].value = '(a+)+b';
    m.regex = true;
    const app = samlApp(c);
    const roles = app.appRoles ?? [];
    for (let i = 0; i < 500; i++) roles.push({ value: `${slow(26 + (i % 5))}${i}`, displayName: `r${i}`, allowedMemberTypes: ['User'], enabled: true, id: `0a1b2c3d-4e5f-4a6b-8c7d-${String(i).padStart(12, '0')}` });
    // One test user assigned all of them: the synthesized role claim carries 500 values.
    const user = c.providers[0]?.users?.[0];
    if (!user) throw new Error('fixture');
    app.assignments = [...(app.assignments ?? []), ...roles.slice(4).map((r) => ({ user: user.id, role: r.value }))];
    const row = personaTable(c, app.id).rows.find((r) => r.userId === user.id);
    assert.ok(row);
    assert.ok((row.claims['roles'] ?? []).length > 500);
    const f = row.mapping.findings.filter((x) => x.id === 'mapping.budget-exceeded');
    assert.equal(f.length, 1, JSON.stringify(row.mapping.findings.map((x) => x.id)));
    assert.equal(f[0]?.path, '/providers/0/apps/0');
  });
});

describe('linear tree and positions (class 9)', () => {
  it('10,000 apps: every finding lands on its app node', () => {
    const apps = Array.from({ length: 10_000 }, (_, i) => ({ id: `app${i}`, protocol: 'oidc', clientId: `c${i}`, redirectUris: [`http://app${i}.example.com/cb`] }));
    const text = JSON.stringify({ version: 1, providers: [{ id: 'idp', type: 'oidc', issuer: 'https://idp.example.com', apps }] }, null, 1);
    const v = validateConfigText(text);
    assert.ok(v.index);
    const insecure = v.findings.filter((f) => f.id === 'config.insecure-redirect-uri');
    assert.equal(insecure.length, 10_000);
    const tree = buildConfigTree(v.index, v.findings);
    const appNodes = tree[0]?.children ?? [];
    assert.equal(appNodes.length, 10_000);
    const last = appNodes[9_999];
    assert.equal(last?.severity, insecure[0]?.severity);
    const endpoint = last?.children.find((n) => n.label === 'Endpoints')?.children.find((n) => n.pointer === '/providers/0/apps/9999/redirectUris/0');
    assert.deepEqual(endpoint?.findings.map((f) => f.id), ['config.insecure-redirect-uri']);
    // Positions: the last finding is on the line of the last redirect URI.
    const f = insecure[insecure.length - 1];
    assert.ok(f?.range);
    const at = offsetToLineColumn(text, f.range.offset);
    const lines = text.split('\n');
    assert.ok(lines[at.line - 1]?.includes('http://app9999.example.com/cb'));
    assert.equal(lines[at.line - 1]?.slice(at.column - 1).startsWith('"http://app9999'), true);
  });

  it('offsetToLineColumn agrees with counting line breaks', () => {
    const text = 'ab\ncd\n\nefg';
    assert.deepEqual(offsetToLineColumn(text, 0), { line: 1, column: 1 });
    assert.deepEqual(offsetToLineColumn(text, 2), { line: 1, column: 3 });
    assert.deepEqual(offsetToLineColumn(text, 3), { line: 2, column: 1 });
    assert.deepEqual(offsetToLineColumn(text, 6), { line: 3, column: 1 });
    assert.deepEqual(offsetToLineColumn(text, 7), { line: 4, column: 1 });
    assert.deepEqual(offsetToLineColumn(text, 99), { line: 4, column: 4 });
    assert.deepEqual(offsetToLineColumn(text, -5), { line: 1, column: 1 });
  });
});
