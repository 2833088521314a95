import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 in hex: how session ids and API tokens are stored, so the table alone opens nothing. */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** `bytes` random bytes as base64url: 32 give 256 bits, beyond guessing. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
