import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVault, parseSecretKey } from '../../src/connectors/vault.js';

describe('connectors: vault', () => {
  const key = randomBytes(32);
  const vault = createVault(key);

  it('seals a token so it is not readable, and opens it again', () => {
    const sealed = vault.seal('google:ana@example.com', '1//refresh-token-value');
    expect(sealed).not.toContain('refresh-token-value');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(vault.open('google:ana@example.com', sealed)).toBe('1//refresh-token-value');
  });

  it('refuses a blob moved to another slot, a wrong key and a tampered blob', () => {
    const sealed = vault.seal('google:ana@example.com', 'secret');
    expect(() => vault.open('google:bo@example.com', sealed)).toThrow(/cannot be decrypted/);
    expect(() => createVault(randomBytes(32)).open('google:ana@example.com', sealed)).toThrow(/wrong MEETING_DIET_SECRET_KEY/);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('other').toString('base64url');
    expect(() => vault.open('google:ana@example.com', parts.join('.'))).toThrow(/cannot be decrypted/);
  });

  it('reads a 32-byte key as base64 or hex and explains a missing or short one', () => {
    expect(parseSecretKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretKey(key.toString('hex'))).toEqual(key);
    expect(() => parseSecretKey(undefined)).toThrow(/MEETING_DIET_SECRET_KEY is not set/);
    expect(() => parseSecretKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
