import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';

export const KEY_FILE_NAME = 'secret.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const FORMAT = 'v1';

/**
 * AES-256-GCM for secrets at rest (OAuth tokens). A ciphertext is `v1.<iv>.<tag>.<data>` in base64url,
 * with a fresh 96-bit IV each time. `context` (e.g. `oauth:<user id>:access`) is authenticated data:
 * a ciphertext copied to another row or column fails to decrypt instead of yielding someone else's
 * token. The key is read on first use, so nothing is generated until a secret is stored.
 */
export class TokenCipher {
  #key: Buffer | null = null;

  constructor(private readonly loadKey: () => Buffer) {}

  static fromConfig(config: Pick<AppConfig, 'secretKey' | 'dataDir'>): TokenCipher {
    return new TokenCipher(() => loadSecretKey(config));
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(), iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  /** Throws when the ciphertext was altered, belongs to another context, or was made with another key. */
  decrypt(ciphertext: string, context: string): string {
    const [format, iv, tag, data, ...rest] = ciphertext.split('.');
    if (format !== FORMAT || iv === undefined || tag === undefined || data === undefined || rest.length > 0) {
      throw new Error('Not a token ciphertext');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key(), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('A stored token could not be decrypted: wrong key, or the data was altered');
    }
  }

  /**
   * A fingerprint of the key (HMAC of a constant, not the key), stored in the database so a replica
   * started with a different key is detected before it writes tokens others cannot read.
   */
  keyId(): string {
    return createHmac('sha256', this.key()).update('orphelix token key id').digest('base64url').slice(0, 22);
  }

  /**
   * A key for another purpose (e.g. signing OAuth state), derived with HKDF so it is the same on every
   * replica sharing the secret key, and reveals nothing about it.
   */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key(), Buffer.alloc(0), `orphelix ${purpose}`, KEY_BYTES));
  }

  toString(): string {
    return 'TokenCipher';
  }

  toJSON(): string {
    return 'TokenCipher';
  }

  private key(): Buffer {
    this.#key ??= this.loadKey();
    return this.#key;
  }
}

/**
 * `ORPHELIX_SECRET_KEY` when set; otherwise the key in `<dataDir>/secret.key`, generated once with
 * mode 0600. The key is written to a private temporary file and hard-linked into place, which fails
 * when the file exists: two processes racing to create it agree on one complete key.
 */
export function loadSecretKey(config: Pick<AppConfig, 'secretKey' | 'dataDir'>): Buffer {
  if (config.secretKey) {
    return Buffer.from(config.secretKey.reveal(), 'base64');
  }
  const path = join(config.dataDir, KEY_FILE_NAME);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(temporary, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new Error(`${path} is readable by other users; run \`chmod 600 ${path}\``);
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new Error(`${path} does not hold a 32-byte base64 key`);
  }
  return key;
}
