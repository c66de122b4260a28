import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isSealed, keyId, openValues, reloadKeys, seal, sealValues, sealedUnderOldKey, unseal } from '@/lib/security/field-crypto';

const def = { fields: [{ key: 'idCard', type: 'text' as const, label: { en: 'ID', 'zh-CN': '身份证' }, sensitive: true }, { key: 'name', type: 'text' as const, label: { en: 'Name', 'zh-CN': '名称' } }] };
const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  reloadKeys();
});

describe('sensitive fields', () => {
  it('are sealed with AES-256-GCM under a key generated into the data folder, and opened again', () => {
    process.env.SALESFLOW_DATA_DIR = mkdtempSync(join(tmpdir(), 'sf-keys-'));
    delete process.env.SALESFLOW_ENCRYPTION_KEY;
    const stored = sealValues(def, { idCard: '110101199003074514', name: 'Li' });
    expect(stored.name).toBe('Li');
    expect(isSealed(stored.idCard)).toBe(true);
    expect(JSON.stringify(stored)).not.toContain('110101199003074514');
    expect(openValues(stored)).toEqual({ idCard: '110101199003074514', name: 'Li' });
    // The same text sealed twice differs (a random IV each time); an unchanged value keeps its ciphertext.
    expect(seal('x')).not.toEqual(seal('x'));
    expect(sealValues(def, { idCard: '110101199003074514' }, stored).idCard).toEqual(stored.idCard);
  });

  it('refuses a tampered value', () => {
    process.env.SALESFLOW_ENCRYPTION_KEY = randomBytes(32).toString('base64');
    const value = seal('6222 0200 0000 1234');
    const tampered = { ...value, data: Buffer.from(Buffer.from(value.data, 'base64').map((byte, index) => (index === 0 ? byte ^ 1 : byte))).toString('base64') };
    expect(() => unseal(tampered)).toThrow();
  });

  it('reads values of an old key after rotation, and knows them for re-encryption', () => {
    const oldKey = randomBytes(32);
    process.env.SALESFLOW_ENCRYPTION_KEY = oldKey.toString('base64');
    const value = seal('secret');
    expect(value.k).toBe(keyId(oldKey));
    process.env.SALESFLOW_ENCRYPTION_KEY = randomBytes(32).toString('base64');
    reloadKeys();
    expect(() => unseal(value)).toThrow(/no encryption key/);
    process.env.SALESFLOW_ENCRYPTION_OLD_KEYS = oldKey.toString('base64');
    reloadKeys();
    expect(unseal(value)).toBe('secret');
    expect(sealedUnderOldKey(value)).toBe(true);
    expect(sealedUnderOldKey(seal('secret'))).toBe(false);
  });
});
