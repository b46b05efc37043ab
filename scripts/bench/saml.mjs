// SAML rows: an Entra-shaped response (issuer https://sts.windows.net/{tenant}/, claim-URI attributes,
// assertion signed, as Entra signs by default) minted here by samlify, a real SAML IdP
// implementation, then parsed + verified + checked by SSO Lens (core.inspectArtifact with the IdP
// certificate as trust material) next to plain @xmldom/xmldom + xml-crypto checkSignature, and next
// to the validators a user would pick: @node-saml/node-saml and samlify. Round by round, in this process.
import { randomUUID } from 'node:crypto';
import { batch, fmt, loadCore, median, paired, pairedRatio, requireFromRoot, verdict } from './lib.mjs';

const TENANT = '4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0';
const ISSUER = `https://sts.windows.net/${TENANT}/`;
const SP = 'https://app.bench.example/saml';
const ACS = 'https://app.bench.example/saml/acs';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

const xmlEscape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Attributes as Entra sends them (https://learn.microsoft.com/entra/identity-platform/reference-saml-tokens). */
const ATTRIBUTES = [
  ['http://schemas.microsoft.com/identity/claims/tenantid', [TENANT]],
  ['http://schemas.microsoft.com/identity/claims/objectidentifier', ['0b5e9f2a-6c1d-4a8b-9e3f-7d2c1a0b9e84']],
  ['http://schemas.microsoft.com/identity/claims/displayname', ['Adele Vance']],
  ['http://schemas.microsoft.com/identity/claims/identityprovider', [ISSUER]],
  ['http://schemas.microsoft.com/claims/authnmethodsreferences', ['http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password']],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname', ['Adele']],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname', ['Vance']],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', ['adele@contoso.example']],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', ['adele@contoso.example']],
  ['http://schemas.microsoft.com/ws/2008/06/identity/claims/groups', Array.from({ length: 20 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)],
];

async function mint() {
  const samlify = requireFromRoot('samlify');
  const { generate } = await import(requireFromRoot.resolve('selfsigned'));
  samlify.setSchemaValidator({ validate: async () => 'skipped' }); // samlify needs one; the bench measures signature checks
  const keys = await generate([{ name: 'commonName', value: 'Bench Entra IdP' }], { keySize: 2048, algorithm: 'sha256' });
  const idp = samlify.IdentityProvider({
    entityID: ISSUER,
    privateKey: keys.private,
    signingCert: keys.cert,
    singleSignOnService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: `https://login.microsoftonline.com/${TENANT}/saml2` }],
    singleLogoutService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: `https://login.microsoftonline.com/${TENANT}/saml2` }],
    nameIDFormat: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
  });
  const sp = samlify.ServiceProvider({
    entityID: SP,
    wantAssertionsSigned: true,
    wantMessageSigned: false,
    assertionConsumerService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: ACS }],
  });
  const now = Date.now();
  const issued = new Date(now - 60_000).toISOString();
  const later = new Date(now + 3600_000).toISOString();
  const attributes = ATTRIBUTES.map(([name, values]) => `<saml:Attribute Name="${xmlEscape(name)}">${values.map((v) => `<saml:AttributeValue>${xmlEscape(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`).join('');
  const response = await idp.createLoginResponse(sp, { extract: { request: { id: '_req-1' } } }, 'post', { email: 'adele@contoso.example' }, (template) => {
    const id = `_${randomUUID()}`;
    return {
      id,
      context: samlify.SamlLib.replaceTagsByValue(template, {
        ID: id,
        AssertionID: `_${randomUUID()}`,
        Destination: ACS,
        Audience: SP,
        SubjectRecipient: ACS,
        Issuer: ISSUER,
        IssueInstant: issued,
        StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
        ConditionsNotBefore: issued,
        ConditionsNotOnOrAfter: later,
        SubjectConfirmationDataNotOnOrAfter: later,
        NameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        NameID: 'adele@contoso.example',
        InResponseTo: '_req-1',
      })
        .replace('{AuthnStatement}', `<saml:AuthnStatement AuthnInstant="${issued}" SessionIndex="_s1"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`)
        .replace('{AttributeStatement}', `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>`),
    };
  });
  return { b64: response.context, cert: keys.cert, idp, sp };
}

export async function benchSaml(ctx) {
  const core = loadCore();
  const { SignedXml } = requireFromRoot('xml-crypto');
  const { DOMParser } = requireFromRoot('@xmldom/xmldom');
  const { SAML, ValidateInResponseTo } = requireFromRoot('@node-saml/node-saml');
  const { b64, cert, idp, sp } = await mint();
  const trust = core.loadTrustMaterial(Buffer.from(cert), 'bench-idp.cer');
  if (!trust.ok) throw new Error(trust.error.message);
  const options = core.defaultInspectOptions({ trust: trust.value, expected: { audience: SP, recipient: ACS } });
  const nodeSaml = new SAML({ idpCert: cert, issuer: SP, audience: SP, callbackUrl: ACS, wantAssertionsSigned: true, wantAuthnResponseSigned: false, validateInResponseTo: ValidateInResponseTo.never });

  // Each candidate answers whether the message's signatures hold with the trusted certificate.
  const candidates = {
    ours: async (msg) => {
      const r = await core.inspectArtifact(Buffer.from(msg), options);
      return r.ok && r.value.signature.status === 'valid';
    },
    plain: async (msg) => {
      const xml = Buffer.from(msg, 'base64').toString('utf8');
      const doc = new DOMParser().parseFromString(xml, 'text/xml');
      const sigs = doc.getElementsByTagNameNS(DSIG, 'Signature');
      if (sigs.length === 0) return false;
      for (let i = 0; i < sigs.length; i++) {
        const sig = new SignedXml({ publicCert: cert, getCertFromKeyInfo: () => null });
        sig.loadSignature(sigs.item(i));
        if (!sig.checkSignature(xml)) return false;
      }
      return true;
    },
    nodeSaml: (msg) => nodeSaml.validatePostResponseAsync({ SAMLResponse: msg }).then((r) => !!r.profile, () => false),
    samlify: (msg) => sp.parseLoginResponse(idp, 'post', { body: { SAMLResponse: msg } }).then(() => true, () => false),
  };
  // Verdicts: the minted message holds everywhere; with one attribute value changed it holds nowhere.
  const tampered = Buffer.from(Buffer.from(b64, 'base64').toString('utf8').replace('Adele Vance', 'Mallory Vance')).toString('base64');
  const verdicts = {};
  for (const [k, f] of Object.entries(candidates)) verdicts[k] = { good: await f(b64), bad: await f(tampered) };
  for (const [k, v] of Object.entries(verdicts)) if (!v.good) throw new Error(`SAML bench: ${k} did not accept the minted response`);
  const agree = (k) => verdicts[k].good === verdicts.ours.good && verdicts[k].bad === verdicts.ours.bad;

  const run = (f) => async () => {
    if (!(await f(b64))) throw new Error('SAML bench: a candidate stopped accepting the response');
  };
  for (let i = 0; i < 10; i++) for (const f of Object.values(candidates)) await run(f)();
  const n = ctx.quick ? 5 : 40;
  const s = await paired(ctx.quick ? 3 : 12, Object.fromEntries(Object.entries(candidates).map(([k, f]) => [k, () => batch(n, run(f))])));
  const per = (k) => median(s[k].map((x) => x.wallMs));
  const names = { plain: 'plain @xmldom/xmldom parse + xml-crypto checkSignature', nodeSaml: '@node-saml/node-saml validatePostResponseAsync', samlify: 'samlify parseLoginResponse (schema check off)' };
  const rows = [];
  for (const k of ['plain', 'nodeSaml', 'samlify']) {
    const ratio = pairedRatio(s.ours, s[k], (o, p) => p.wallMs / o.wallMs);
    const cpuRatio = pairedRatio(s.ours, s[k], (o, p) => p.cpuMs / o.cpuMs);
    rows.push({
      what: k === 'plain' ? 'SAML response parse + verify + findings (Entra-shaped, assertion signed)' : `SAML response, next to a peer`,
      ours: `${fmt.ops(1000 / per('ours'))} (${fmt.ms(per('ours'))})`,
      compared: `${names[k]} ${fmt.ops(1000 / per(k))}; same verdicts (valid, tampered): ${agree(k) ? 'yes' : 'NO'}`,
      ratio: fmt.x(ratio),
      cpuRatio: fmt.x(cpuRatio),
      goal: k === 'plain' ? '≥ 3×, identical verdicts' : '—',
      meets: k === 'plain' ? verdict(ctx, ratio >= 3 && agree(k)) : '—',
    });
  }
  return rows;
}
