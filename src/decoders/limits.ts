/**
 * Documented size and time limits (README "Limits"). Every decoder checks its input against these
 * before doing work proportional to it, so hostile input costs bounded time and memory.
 */
export const LIMITS = {
  /** Largest single input `inspect` reads (a HAR or a metadata aggregate may be large). */
  maxInputBytes: 64 * 1024 * 1024,
  /** Largest compact JWT/JWE. Entra tokens are a few KB; 1 MB leaves room for huge group lists. */
  maxTokenBytes: 1024 * 1024,
  /** Largest SAML protocol message (base64 or XML). */
  maxSamlMessageBytes: 5 * 1024 * 1024,
  /** Largest metadata document parsed into one DOM; larger aggregates are indexed by streaming. */
  maxMetadataDomBytes: 16 * 1024 * 1024,
  /** Largest metadata aggregate indexed by streaming (eduGAIN-size federations publish 50–100 MB). */
  maxMetadataAggregateBytes: 256 * 1024 * 1024,
  /** Largest HAR or SAML-tracer capture, read entry by entry (a long session's HAR is 50–200 MB). */
  maxCaptureBytes: 256 * 1024 * 1024,
  /** Largest SSO Lens config file (editor, `check`, `inspect --config`). */
  maxConfigBytes: 8 * 1024 * 1024,
  /** Largest certificate or metadata file a config refers to. */
  maxReferencedFileBytes: 4 * 1024 * 1024,
  /** Most keys read from one JWKS. */
  maxJwksKeys: 1000,
  /** Network: time and size caps for discovery/JWKS/metadata fetches. */
  fetchTimeoutMs: 10_000,
  fetchMaxBytes: 2 * 1024 * 1024,
  fetchMaxRedirects: 3,
} as const;
