import { describe, expect, it } from 'vitest';
import { InputError } from '@strata/errors';
import { checkPasswordPolicy, hashPassword, needsRehash, parsePasswordHash, PASSWORD_HASH_PARAMS, verifyPassword } from './password-hash';

describe('hashPassword', () => {
  it('stores scrypt with N=2^15, r=8, p=1 and a 16-byte salt in the hash', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(parsePasswordHash(hash)).toMatchObject({ log2N: 15, r: 8, p: 1 });
    expect(PASSWORD_HASH_PARAMS.log2N).toBeGreaterThanOrEqual(15);
  });

  it('salts every hash differently', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
  });
});

describe('verifyPassword', () => {
  it('accepts the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('checks with the parameters stored in the hash', async () => {
    const weak = await hashPassword('older password', { log2N: 10, r: 8, p: 1 });
    expect(await verifyPassword('older password', weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword('newer password'))).toBe(false);
  });

  it.each([['not a hash'], ['$scrypt$ln=15,r=8,p=1$$'], ['$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA'], ['$scrypt$ln=40,r=8,p=1$c2FsdA$aGFzaA']])(
    'refuses the malformed hash %s',
    async (stored) => {
      expect(await verifyPassword('anything', stored)).toBe(false);
    },
  );
});

describe('checkPasswordPolicy', () => {
  it.each([[''], ['short'], ['x'.repeat(1025)]])('refuses %j', (password) => {
    expect(() => checkPasswordPolicy(password)).toThrow(InputError);
  });

  it('accepts 8 characters and more', () => {
    expect(() => checkPasswordPolicy('12345678')).not.toThrow();
  });
});
