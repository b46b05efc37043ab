import { configFinding, type ConfigFinding } from '../config-finding';
import { isLoopbackUrl, parseUrl } from '../identifiers';
import { childPointer } from '../json-pointer';
import type { ConfigRule } from './rule';

/**
 * Redirect/reply URLs carry codes, tokens and assertions: https only. Entra: "Redirect URIs must begin
 * with the scheme https. There are some exceptions for localhost redirect URIs" — loopback http such as
 * kubelogin's http://localhost:8000 is allowed [doc: identity-platform/reply-url.md]. Private-use
 * schemes of native apps (msal{client-id}://auth, com.example.app:/callback) are left alone.
 */
export const insecureRedirectUrisRule: ConfigRule = {
  name: 'insecure-redirect-uris',
  ids: ['config.insecure-redirect-uri'],
  check({ index }) {
    const out: ConfigFinding[] = [];
    const check = (uri: string, pointer: string, what: string): void => {
      const url = parseUrl(uri);
      if (!url) {
        out.push(configFinding('config.insecure-redirect-uri', 'error', `${what} "${uri}" is not an absolute URL`, pointer));
        return;
      }
      if (url.protocol === 'http:' && !isLoopbackUrl(url)) {
        out.push(
          configFinding('config.insecure-redirect-uri', 'error', `${what} ${uri} is plain http: the authorization code or assertion would travel unencrypted (only loopback http://localhost is exempt, as for kubelogin)`, pointer, {
            title: 'Use https',
            kind: 'replace',
            path: pointer,
            value: 'https:' + uri.slice('http:'.length),
          }),
        );
      }
      if (url.hash !== '') out.push(configFinding('config.insecure-redirect-uri', 'error', `${what} ${uri} contains a fragment (#…); redirect URIs must not`, pointer));
      if (/\*/.test(url.hostname) || /\*/.test(url.pathname)) out.push(configFinding('config.insecure-redirect-uri', 'warning', `${what} ${uri} uses a wildcard; Entra does not accept wildcards for work and school accounts and they widen where tokens can go`, pointer));
    };
    for (const a of index.apps) {
      const app = a.value;
      if (app.protocol === 'oidc') {
        (app.redirectUris ?? []).forEach((u, i) => check(u, childPointer(a.pointer, 'redirectUris', i), 'redirect URI'));
        (app.logoutUris ?? []).forEach((u, i) => check(u, childPointer(a.pointer, 'logoutUris', i), 'logout URL'));
      } else {
        app.replyUrls.forEach((u, i) => check(u, childPointer(a.pointer, 'replyUrls', i), 'reply URL'));
        if (app.logoutUrl !== undefined) check(app.logoutUrl, childPointer(a.pointer, 'logoutUrl'), 'logout URL');
        if (app.signOnUrl !== undefined) check(app.signOnUrl, childPointer(a.pointer, 'signOnUrl'), 'sign-on URL');
      }
    }
    return out;
  },
};
