/**
 * The redirect, callback and SP endpoints each product documents, in one table: the
 * `config.redirect-path-mismatch` rule checks apps against it and the templates (examples/*.sso.json)
 * follow it (test/unit/model/product-endpoints.test.ts holds them together).
 *
 * A template is a URL with `{name}` for a value the customer's setup decides. `claims` says which
 * URLs an entry is about (`{*}` = any one path segment, `{**}` = anything): a URL it claims that
 * matches none of the templates is a finding; the fix fills the first template with what `claims`
 * captured. Hosts are the vendors' own, so a URL on another host is left alone.
 */
export interface DocumentedEndpoint {
  product: string;
  protocol: 'oidc' | 'saml';
  field: 'redirectUris' | 'logoutUris' | 'identifiers' | 'replyUrls';
  /** What the product's page calls it. */
  name: string;
  templates: readonly string[];
  claims: string;
  /** Documented look-alikes people paste instead, with why they are wrong. */
  lookAlikes?: ReadonlyArray<{ template: string; is: string }>;
  /** Where the product documents it. */
  source: string;
  /** Checked by another rule (which says so in its own terms); listed here for completeness. */
  checkedBy?: string;
}

export const DOCUMENTED_ENDPOINTS: readonly DocumentedEndpoint[] = [
  {
    product: 'Exoscale',
    protocol: 'oidc',
    field: 'redirectUris',
    name: 'the URL to authorize on the OIDC provider side',
    templates: ['https://portal.exoscale.com/sso-authenticate/{org}'],
    claims: 'https://portal.exoscale.com/{*}/{org}',
    lookAlikes: [{ template: 'https://portal.exoscale.com/sso-login/{org}', is: 'the SSO login page users open, not the callback the IdP redirects to' }],
    source: 'Exoscale, "Single Sign-On Authentication" → Configuration (seed: exoscale-oidc-cel.txt)',
  },
  {
    product: 'Spectro Cloud Palette',
    protocol: 'oidc',
    field: 'redirectUris',
    name: 'Palette Callback URL / Logout URL / web kubectl console',
    templates: ['https://console.spectrocloud.com/v1/auth/org/{org}/oidc/callback', 'https://console.spectrocloud.com/v1/auth/org/{org}/oidc/logout', 'https://console.spectrocloud.com/v1/shelly/oidc/callback'],
    claims: 'https://console.spectrocloud.com/v1/auth/org/{org}/{**}',
    source: 'Spectro Cloud, "Enable SSO with Microsoft Entra ID", steps 5–8 (seed: palette-entra-oidc.md)',
  },
  {
    product: 'Spectro Cloud Palette',
    protocol: 'oidc',
    field: 'logoutUris',
    name: 'Palette Logout URL',
    templates: ['https://console.spectrocloud.com/v1/auth/org/{org}/oidc/logout'],
    claims: 'https://console.spectrocloud.com/v1/auth/org/{org}/{**}',
    source: 'Spectro Cloud, "Enable SSO with Microsoft Entra ID", step 7 (seed: palette-entra-oidc.md)',
  },
  {
    product: 'Asset Panda (Amazon Cognito)',
    protocol: 'saml',
    field: 'identifiers',
    name: 'Entity ID of the Cognito user pool',
    templates: ['urn:amazon:cognito:sp:{userPoolId}'],
    claims: 'urn:amazon:cognito:{**}',
    source: 'Asset Panda, "Microsoft Entra ID SSO" (seed: assetpanda-entra-saml.md); AWS, "Adding SAML identity providers to a user pool" https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-saml-idp.html',
  },
  {
    product: 'Asset Panda (Amazon Cognito)',
    protocol: 'saml',
    field: 'replyUrls',
    name: 'ACS URL of the Cognito domain',
    templates: ['https://{domain}.auth.{region}.amazoncognito.com/saml2/idpresponse'],
    claims: 'https://{domain}.auth.{region}.amazoncognito.com/{**}',
    source: 'Asset Panda, "Microsoft Entra ID SSO" (seed: assetpanda-entra-saml.md); AWS, "Adding SAML identity providers to a user pool" https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-saml-idp.html',
  },
  {
    product: 'Keycloak (identity brokering)',
    protocol: 'saml',
    field: 'replyUrls',
    name: 'Redirect URI of the identity provider',
    templates: ['{**}/realms/{realm}/broker/{alias}/endpoint'], // {**} = the server URL up to /realms/ (keeps /auth on older Keycloak)
    claims: '{**}/broker/{alias}/endpoint',
    source: 'Coherent Spark, "MS Entra ID (SAML v2.0)" (seed: spark-keycloak-entra-saml.txt); Keycloak Server Administration Guide, "SAML v2.0 providers"',
    checkedBy: 'config.keycloak-broker-mismatch',
  },
];

export type EndpointVerdict =
  | { kind: 'ok' }
  | { kind: 'not-claimed' }
  | { kind: 'mismatch'; message: string; fix?: string };

/** Checks one URL against one entry. */
export function checkDocumentedEndpoint(entry: DocumentedEndpoint, url: string): EndpointVerdict {
  if (entry.templates.some((t) => compile(t, '').test(url))) return { kind: 'ok' };
  const loose = compile(entry.claims, 'i').exec(url.trim().replace(/\/+$/, ''));
  if (!loose) return { kind: 'not-claimed' };
  const expected = entry.templates.map((t) => JSON.stringify(t)).join(' or ');
  // Near miss: a template matches once case, white space and a trailing slash are forgiven.
  for (const t of entry.templates) {
    const near = compile(t, 'i').exec(url.trim().replace(/\/+$/, ''));
    if (near) {
      const fix = fill(t, near.groups ?? {});
      return { kind: 'mismatch', message: `${JSON.stringify(url)} is almost ${entry.product}'s documented ${entry.name} (${expected}) — it differs only in case, white space or a trailing slash, and the IdP compares exactly`, ...(fix !== undefined ? { fix } : {}) };
    }
  }
  const look = entry.lookAlikes?.find((l) => compile(l.template, 'i').test(url.trim().replace(/\/+$/, '')));
  const fix = entry.templates[0] !== undefined ? fill(entry.templates[0], loose.groups ?? {}) : undefined;
  return {
    kind: 'mismatch',
    message: `${JSON.stringify(url)} is not ${entry.product}'s documented ${entry.name} (${expected})${look ? `: it is ${look.is}` : ''}. Sign-in ends with a redirect-URI mismatch (Entra: AADSTS50011). Source: ${entry.source}`,
    ...(fix !== undefined ? { fix } : {}),
  };
}

/** Templates are a fixed table: each is compiled once, not for every URL of every validation. */
const compiled = new Map<string, RegExp>();

function compile(template: string, flags: string): RegExp {
  const key = `${flags}\u0000${template}`;
  let re = compiled.get(key);
  if (!re) compiled.set(key, (re = compileTemplate(template, flags)));
  return re;
}

function compileTemplate(template: string, flags: string): RegExp {
  const seen = new Set<string>();
  const body = template
    .split(/(\{\*\*\}|\{\*\}|\{[A-Za-z]+\})/)
    .map((part) => {
      if (part === '{**}') return '.*';
      if (part === '{*}') return '[^/?#]+';
      const name = /^\{([A-Za-z]+)\}$/.exec(part)?.[1];
      if (name !== undefined) {
        if (seen.has(name)) return `\\k<${name}>`;
        seen.add(name);
        return `(?<${name}>[^/?#]+)`;
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${body}$`, flags);
}

/** The template with its `{name}`s filled, or undefined when a value was not captured. */
function fill(template: string, values: Record<string, string | undefined>): string | undefined {
  let missing = false;
  const out = template.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? undefined : out;
}
