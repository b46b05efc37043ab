import type {
  App,
  CertificateRef,
  IdpGroup,
  KeycloakIdentityProvider,
  KeycloakMapper,
  KeycloakProvider,
  Provider,
  SsoConfig,
  TestUser,
} from './config-types';
import { childPointer } from './json-pointer';

export interface Located<T> {
  value: T;
  /** JSON pointer of `value` in the file. */
  pointer: string;
}

export interface AppEntry extends Located<App> {
  provider: Located<Provider>;
}

export interface BrokerEntry extends Located<KeycloakIdentityProvider> {
  realm: Located<KeycloakProvider>;
  /** The upstream app named by `upstreamApp`, when it exists. */
  upstream?: AppEntry;
}

export interface MapperEntry extends Located<KeycloakMapper> {
  broker: BrokerEntry;
}

export interface CertificateEntry extends Located<CertificateRef> {
  /** What the certificate is for, in words ("token signing certificate of app iomete"). */
  label: string;
}

/**
 * Every addressable element of a config with its JSON pointer, and look-ups by id. Rules, the tree and
 * the mapping analysis share it so they agree on where things are.
 */
export interface ConfigIndex {
  config: SsoConfig;
  providers: Array<Located<Provider>>;
  apps: AppEntry[];
  brokers: BrokerEntry[];
  mappers: MapperEntry[];
  certificates: CertificateEntry[];
  provider(id: string): Located<Provider> | undefined;
  app(id: string): AppEntry | undefined;
  /** A group of a provider by its local id. */
  group(provider: Provider, id: string): IdpGroup | undefined;
  user(provider: Provider, id: string): TestUser | undefined;
}

/** The index of a config, or the index itself when one is given (callers accept either). */
export function asIndex(config: SsoConfig | ConfigIndex): ConfigIndex {
  return 'apps' in config && 'mappers' in config ? config : indexConfig(config);
}

export function indexConfig(config: SsoConfig): ConfigIndex {
  const providers: Array<Located<Provider>> = [];
  const apps: AppEntry[] = [];
  const brokers: BrokerEntry[] = [];
  const mappers: MapperEntry[] = [];
  const certificates: CertificateEntry[] = [];
  const cert = (ref: CertificateRef | undefined, pointer: string, label: string): void => {
    if (ref && typeof ref === 'object') certificates.push({ value: ref, pointer, label });
  };

  (Array.isArray(config.providers) ? config.providers : []).forEach((provider, pi) => {
    const pp = childPointer('', 'providers', pi);
    const located = { value: provider, pointer: pp };
    providers.push(located);
    (provider.apps ?? []).forEach((app, ai) => {
      const ap = childPointer(pp, 'apps', ai);
      apps.push({ value: app, pointer: ap, provider: located });
      if (app.protocol === 'saml') {
        cert(app.signing?.certificate, childPointer(ap, 'signing', 'certificate'), `token signing certificate of app ${app.id}`);
        cert(app.encryption?.certificate, childPointer(ap, 'encryption', 'certificate'), `token encryption certificate of app ${app.id}`);
        (app.verificationCertificates?.certificates ?? []).forEach((c, i) => cert(c, childPointer(ap, 'verificationCertificates', 'certificates', i), `verification certificate ${i + 1} of app ${app.id}`));
        cert(app.serviceProvider?.idpCertificate, childPointer(ap, 'serviceProvider', 'idpCertificate'), `IdP certificate uploaded to ${app.product ?? app.id}`);
      } else {
        (app.certificates ?? []).forEach((c, i) => cert(c.certificate, childPointer(ap, 'certificates', i, 'certificate'), `${c.usage} certificate ${c.displayName ?? i + 1} of app ${app.id}`));
      }
    });
    if (provider.type === 'saml') (provider.signingCertificates ?? []).forEach((c, i) => cert(c, childPointer(pp, 'signingCertificates', i), `signing certificate ${i + 1} of ${provider.id}`));
    if (provider.type === 'keycloak') {
      const realm = { value: provider, pointer: pp };
      (provider.keys ?? []).forEach((k, i) => cert(k.certificate, childPointer(pp, 'keys', i, 'certificate'), `certificate of realm key ${k.name}`));
      (provider.identityProviders ?? []).forEach((idp, bi) => {
        const bp = childPointer(pp, 'identityProviders', bi);
        brokers.push({ value: idp, pointer: bp, realm });
        (idp.saml?.signingCertificates ?? []).forEach((c, i) => cert(c, childPointer(bp, 'saml', 'signingCertificates', i), `validating certificate ${i + 1} of identity provider ${idp.alias}`));
      });
    }
  });
  const appById = new Map<string, AppEntry>();
  for (const a of apps) if (!appById.has(a.value.id)) appById.set(a.value.id, a);
  for (const b of brokers) {
    const up = b.value.upstreamApp !== undefined ? appById.get(b.value.upstreamApp) : undefined;
    if (up) b.upstream = up;
    (b.value.mappers ?? []).forEach((m, mi) => mappers.push({ value: m, pointer: childPointer(b.pointer, 'mappers', mi), broker: b }));
  }
  const providerById = new Map<string, Located<Provider>>();
  for (const p of providers) if (!providerById.has(p.value.id)) providerById.set(p.value.id, p);
  return {
    config,
    providers,
    apps,
    brokers,
    mappers,
    certificates,
    provider: (id) => providerById.get(id),
    app: (id) => appById.get(id),
    group: (provider, id) => (provider.groups ?? []).find((g) => g.id === id),
    user: (provider, id) => (provider.users ?? []).find((u) => u.id === id),
  };
}
