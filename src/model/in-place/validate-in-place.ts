import type { SsoConfig } from '../config-types';
import { locateNode, parseConfigText, type ConfigDocument } from '../load-config';
import { importEntraManifest, looksLikeEntraManifest } from '../import/entra-manifest';
import { importKeycloakRealm, looksLikeKeycloakRealm } from '../import/keycloak-realm';
import { validateConfigDocument, type ConfigValidation, type ValidateOptions } from '../validate-config';
import { entraManifestPointers, graphShapeOf, isAadGraphManifest } from './entra-manifest-pointers';
import { keycloakRealmPointers } from './keycloak-realm-pointers';

/** What a JSON file kept in a repository is, by content. */
export type InPlaceKind = 'keycloak-realm' | 'entra-manifest' | 'entra-manifest-aad-graph';

/** A realm export or manifest validated in place: the config built from it, findings located in its own text. */
export interface InPlaceValidation extends ConfigValidation {
  kind: InPlaceKind;
  /** The source file's JSON pointer for a pointer into the built config (its nearest mapped ancestor). */
  sourcePointer(modelPointer: string): string;
}

export interface InPlaceOptions extends ValidateOptions {
  /** The Keycloak server URL up to /realms/ (a realm export does not record it); a placeholder otherwise. */
  baseUrl?: string;
  /** The Entra tenant ID (a manifest does not record it); a placeholder otherwise. */
  tenantId?: string;
}

/**
 * A Keycloak realm export (`realm` plus identity providers, mappers, clients or groups) or an Entra
 * application manifest (`appId` plus `signInAudience`, `requiredResourceAccess`, `web`,
 * `optionalClaims`; Microsoft Graph or Azure AD Graph format); undefined for anything else.
 */
export function inPlaceKind(value: unknown): InPlaceKind | undefined {
  if (looksLikeKeycloakRealm(value)) return 'keycloak-realm';
  if (looksLikeEntraManifest(value) || (isManifestLike(value) && isAadGraphManifest(value))) return isAadGraphManifest(value) ? 'entra-manifest-aad-graph' : 'entra-manifest';
  return undefined;
}

function isManifestLike(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { appId?: unknown }).appId === 'string';
}

/**
 * Checks a realm export or manifest as it is: builds the config the importer would (never written
 * anywhere), runs the schema and every rule on it, and locates each finding in the source text. Never
 * throws; undefined when the text is neither kind.
 */
export function validateInPlaceText(text: string, options: InPlaceOptions = {}): InPlaceValidation | undefined {
  const source = parseConfigText(text);
  const kind = inPlaceKind(source.value);
  if (!kind || !source.root) return undefined;
  const value = source.value as Record<string, unknown>;
  const provider = '/providers/0';
  let config: SsoConfig;
  let map;
  if (kind === 'keycloak-realm') {
    config = { version: 1, providers: [importKeycloakRealm(value, options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}).value] };
    map = keycloakRealmPointers(value, provider);
  } else {
    config = { version: 1, providers: [importEntraManifest(graphShapeOf(value), options.tenantId !== undefined ? { tenantId: options.tenantId } : {}).value] };
    map = entraManifestPointers(value, provider);
  }
  const root = source.root;
  const document: ConfigDocument = {
    text,
    value: config,
    root,
    findings: source.findings,
    // Model and source differ in shape: a model key's range means nothing here, so always the value's.
    locate: (pointer) => locateNode(root, map.sourceOf(pointer)),
  };
  const validation = validateConfigDocument(document, options);
  return { ...validation, kind, sourcePointer: (p) => map.sourceOf(p) };
}
