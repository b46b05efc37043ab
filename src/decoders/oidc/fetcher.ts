import type { Result } from '../result';

/** The only way the core reaches the network: public discovery documents, JWKS and metadata. */
export interface Fetcher {
  /** GET a URL; the implementation enforces https, time, size and redirect limits. */
  getText(url: string): Promise<Result<FetchedText, FetchError>>;
}

export interface FetchedText {
  url: string;
  status: number;
  body: string;
}

export interface FetchError {
  id: 'jwt.keys-fetch-failed';
  message: string;
}
