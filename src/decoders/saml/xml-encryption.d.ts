/** The part of xml-encryption (no bundled types) that SSO Lens uses. */
declare module 'xml-encryption' {
  export interface DecryptOptions {
    key: string | Buffer;
    /** false = also decrypt AES-CBC and RSA 1.5 content (still reported as weak). */
    disallowDecryptionWithInsecureAlgorithm?: boolean;
    warnInsecureAlgorithm?: boolean;
  }
  export function decrypt(xml: string, options: DecryptOptions, callback: (error: Error | null, result?: string | Buffer) => void): void;
}
