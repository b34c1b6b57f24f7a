/**
 * Provider tokens at rest: AES-256-GCM with a key from MEETING_DIET_SECRET_KEY (32 bytes, base64 or
 * hex). Ciphertext is "v1.<iv>.<tag>.<data>" (base64url); the key name binds each blob to its slot,
 * so a blob copied to another person's slot does not decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AuditorError } from '../model/errors.js';

export const SECRET_KEY_ENV = 'MEETING_DIET_SECRET_KEY';

export class VaultError extends AuditorError {
  constructor(message: string) {
    super('vault', message);
  }
}

export interface Vault {
  seal(slot: string, plaintext: string): string;
  open(slot: string, sealed: string): string;
}

export function parseSecretKey(text: string | undefined): Buffer {
  if (!text) {
    throw new VaultError(`${SECRET_KEY_ENV} is not set: stored tokens are encrypted with it (create one with: openssl rand -base64 32)`);
  }
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new VaultError(`${SECRET_KEY_ENV} must be 32 bytes, base64 or hex (got ${key.length} bytes)`);
  return key;
}

export function createVault(key: Buffer): Vault {
  return {
    seal(slot, plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(slot, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    open(slot, sealed) {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || data === undefined) throw new VaultError(`stored secret "${slot}" is not in a known format`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(slot, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new VaultError(`stored secret "${slot}" cannot be decrypted: wrong ${SECRET_KEY_ENV}, or it was tampered with`);
      }
    },
  };
}
