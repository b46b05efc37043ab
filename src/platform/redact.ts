/**
 * Log lines never carry tokens, assertions or keys: JWT-shaped runs, long base64 blobs and PEM
 * bodies are replaced before anything is written to the output channel.
 */
export function redact(text: string): string {
  return text
    .replace(/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g, '[pem redacted]')
    .replace(/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_.=-]*/g, '[token redacted]')
    .replace(/[A-Za-z0-9+/=_%-]{120,}/g, '[data redacted]');
}
