import type { JwtData } from '../decoders/jwt/inspect-jwt';
import type { InspectReport } from '../decoders/result';
import type { SignInInfo } from '../model/sign-in/sign-in-report';
import { stringify, type Row, type Section } from './sections';

/** The live sign-in a report came from (`data.signIn`), if any. */
export function signInOf(report: InspectReport): SignInInfo | undefined {
  const data = report.data as { signIn?: SignInInfo } | undefined;
  return data && typeof data === 'object' && data.signIn && typeof data.signIn.app === 'string' ? data.signIn : undefined;
}

const FLOW_NAMES: Record<SignInInfo['flow'], string> = {
  'auth-code': 'authorization code + PKCE, loopback redirect',
  'device-code': 'device code',
};

/** Access-token claims worth reading at a glance (RFC 9068 §2.2, Entra access token reference). */
const ACCESS_TOKEN_CLAIMS = ['aud', 'iss', 'scp', 'scope', 'roles', 'groups', 'azp', 'appid', 'exp'];

export function presentSignIn(signIn: SignInInfo): Section[] {
  const rows: Row[] = [
    { label: 'App', value: signIn.app },
    { label: 'Flow', value: FLOW_NAMES[signIn.flow] },
    { label: 'Authority', value: signIn.authority },
    ...(signIn.redirectUri ? [{ label: 'Redirect URI', value: signIn.redirectUri }] : []),
    { label: 'Tokens', value: 'in memory only: not logged, not cached, dropped when this report closes' },
  ];
  const sections: Section[] = [{ title: 'Live sign-in', rows }];
  const at = signIn.accessToken;
  if (!at) return sections;
  const title = 'Access token (for the API it names, not for this app: not mapped)';
  if ('opaque' in at) {
    sections.push({ title, rows: [{ label: 'Format', value: `opaque (${at.length} characters, not a JWT): only the API that issued it can read it` }] });
    return sections;
  }
  const data = at.data as Partial<JwtData>;
  const claimRows: Row[] = (data.claims ?? [])
    .filter((c) => ACCESS_TOKEN_CLAIMS.includes(c.name))
    .map((c) => ({ label: c.name, value: c.time ? `${c.time.utc} (${c.time.relative})` : stringify(c.value), ...(c.description ? { note: `${c.title}: ${c.description}` } : {}) }));
  sections.push({
    title,
    rows: [
      { label: 'Signature', value: at.signature.status + (at.signature.detail ? ` (${at.signature.detail})` : '') },
      ...at.findings.map((f) => ({ label: `${f.severity} ${f.id}`, value: f.message })),
      ...claimRows,
    ],
  });
  return sections;
}
