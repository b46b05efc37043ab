/** The part of xml-encryption (no bundled types) that SSO Lens uses. */
declare module 'xml-encryption' {
  export interface DecryptOptions {
    key: string | Buffer;
    /** false = also decrypt AES-CBC and RSA 1.5 content (still reported as weak). */
    disallowDecryptionWithInsecureAlgorithm?: boolean;
    warnInsecureAlgorithm?: boolean;
  }
  /** The unwrapped symmetric key of the (first) EncryptedKey; throws when it cannot be unwrapped. */
  export function decryptKeyInfo(xml: string, options: DecryptOptions): Buffer;
  export interface EncryptKeyOptions {
    rsa_pub: string | Buffer;
    pem: string | Buffer;
    keyEncryptionAlgorithm: string;
    disallowEncryptionWithInsecureAlgorithm?: boolean;
  }
  /** `<KeyInfo>` with the symmetric key wrapped for the certificate (tests mint EncryptedAssertions with it). */
  export function encryptKeyInfo(symmetricKey: Buffer, options: EncryptKeyOptions, callback: (error: Error | null, keyInfo?: string) => void): void;
  export function decrypt(xml: string, options: DecryptOptions, callback: (error: Error | null, result?: string | Buffer) => void): void;
}
