import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '@/lib/config';
import { collection, recordCollection } from '@/lib/db/collections';
import { closeMongo } from '@/lib/db/mongo';
import type { EntityDefinition } from '@/lib/entities/entity.types';
import { getRecord } from '@/lib/records/record.service';
import { recordHistory } from '@/lib/records/record.query';
import { isSealed, keyId, reloadKeys, unseal, type SealedValue } from '@/lib/security/field-crypto';
import { testActor } from '../support/actors';
import { adminTokenClient, type ApiClient } from '../support/http';

/**
 * Key rotation as the README tells an operator to do it: the new key B in
 * SALESFLOW_ENCRYPTION_KEY, the old key A in SALESFLOW_ENCRYPTION_OLD_KEYS, then
 * scripts/reencrypt.ts. The app keeps key A meanwhile (its key cannot change while it runs),
 * so the values are read back in this process, through the record service, with the keys set
 * here. Afterwards the script turns everything back under A, the key the app holds.
 */

const run = promisify(execFile);
const suffix = Date.now().toString(36);
const key = `it_rotate_${suffix}`;
const label = (en: string, zh = en) => ({ 'zh-CN': zh, en });
const def: EntityDefinition = {
  key,
  version: 0,
  label: label('Payee', '收款人'),
  displayField: 'name',
  fields: [
    { key: 'name', type: 'text', label: label('Name', '姓名'), required: true },
    { key: 'idCard', type: 'text', label: label('ID card', '身份证号'), sensitive: true },
    { key: 'bankAccount', type: 'text', label: label('Bank account', '银行账号'), sensitive: true },
  ],
  listView: { columns: ['name'], sort: [{ field: 'createdAt', direction: 'desc' }], pageSize: 20 },
};
const SENSITIVE = ['idCard', 'bankAccount'];

const savedEnv = { key: process.env.SALESFLOW_ENCRYPTION_KEY, old: process.env.SALESFLOW_ENCRYPTION_OLD_KEYS };
const keyB = randomBytes(32).toString('base64');
const idOf = (base64: string) => keyId(Buffer.from(base64, 'base64'));

/** Sets this process's keys as the app and the script read them (the environment). */
function useKeys(current: string, old: string[] = []): void {
  process.env.SALESFLOW_ENCRYPTION_KEY = current;
  process.env.SALESFLOW_ENCRYPTION_OLD_KEYS = old.join(',');
  reloadKeys();
}

async function reencrypt(current: string, old: string[]): Promise<string> {
  const env = { ...process.env, SALESFLOW_ENCRYPTION_KEY: current, SALESFLOW_ENCRYPTION_OLD_KEYS: old.join(','), SALESFLOW_LOG_LEVEL: 'error' };
  const { stdout } = await run('npx', ['--no-install', 'tsx', 'scripts/reencrypt.ts'], { env, timeout: 120_000 });
  return stdout;
}

const stored = async (id: string) => (await recordCollection(key)).findOne({ _id: new ObjectId(id) });
const entries = async (id: string) => (await collection('auditLog')).find({ entity: key, recordId: id }).sort({ version: 1 }).toArray();

/** The key fingerprints of every sealed value of a record's stored values. */
function keysOf(values: Record<string, unknown> | null | undefined): string[] {
  return Object.values(values ?? {})
    .filter(isSealed)
    .map((value) => value.k);
}

/** The app's key: its environment's, else the one it generated into the data folder on first use. */
let keyA: string;
let api: ApiClient;
let admin: ReturnType<typeof testActor>;
const ids: string[] = [];
const typed = [
  { name: 'Han Meimei', idCard: '110101199003074514', bankAccount: '6222020000001234' },
  { name: 'Li Lei', idCard: '310104198512125678' },
];

beforeAll(async () => {
  api = await adminTokenClient();
  const me = (await api.get('/api/me')).body.user;
  admin = testActor(['admin'], { id: me.id, name: me.name });
  expect((await api.put(`/api/entities/${key}/draft`, def)).status).toBe(200);
  const published = await api.post(`/api/entities/${key}/publish`, {});
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  for (const values of typed) {
    const created = await api.post(`/api/records/${key}`, values);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ids.push(created.body.id);
  }
  // An edit, so that a history entry holds sealed values both before and after.
  const edited = await api.patch(`/api/records/${key}/${ids[0]}`, { bankAccount: '6222020000009999' });
  expect(edited.status, JSON.stringify(edited.body)).toBe(200);
  typed[0].bankAccount = '6222020000009999';
  keyA = savedEnv.key ?? readFileSync(join(config.dataDir, 'encryption-key'), 'utf8').trim();
});

afterAll(async () => {
  // Back under A, the key the app holds, so that nothing it stores is left unreadable to it.
  if (keyA) await reencrypt(keyA, [keyB]);
  process.env.SALESFLOW_ENCRYPTION_KEY = savedEnv.key;
  process.env.SALESFLOW_ENCRYPTION_OLD_KEYS = savedEnv.old;
  if (savedEnv.key === undefined) delete process.env.SALESFLOW_ENCRYPTION_KEY;
  if (savedEnv.old === undefined) delete process.env.SALESFLOW_ENCRYPTION_OLD_KEYS;
  reloadKeys();
  await closeMongo();
});

describe('scripts/reencrypt.ts rotates the encryption key', () => {
  it('writes records and history under the new key, without new versions, readable once the old key is gone', async () => {
    // Before: everything the app wrote is under A.
    const before = await Promise.all(ids.map(stored));
    const historyBefore = await Promise.all(ids.map(entries));
    expect(historyBefore.map((list) => list.length)).toEqual([2, 1]);
    for (const doc of before) expect(new Set(keysOf(doc))).toEqual(new Set([idOf(keyA)]));
    expect(keysOf(historyBefore[0][1].before)).toEqual([idOf(keyA), idOf(keyA)]);

    const report = await reencrypt(keyB, [keyA]);
    expect(report).toMatch(/re-encrypted under the current key: [1-9]\d* records, [1-9]\d* history entries/);

    const after = await Promise.all(ids.map(stored));
    const historyAfter = await Promise.all(ids.map(entries));
    for (const [index, doc] of after.entries()) {
      // Every sealed value now names B; nothing else in the record changed, its version included.
      expect(keysOf(doc)).toEqual(SENSITIVE.filter((field) => field in typed[index]).map(() => idOf(keyB)));
      const plain = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).filter(([field]) => !SENSITIVE.includes(field)));
      expect(plain(doc!)).toEqual(plain(before[index]!));
      expect(doc!._version).toBe(before[index]!._version);
      // A fresh seal: the ciphertext itself changed, not just its label.
      expect((doc!.idCard as SealedValue).data).not.toBe((before[index]!.idCard as SealedValue).data);
    }
    // The same history entries, no new one, each sealed value under B.
    expect(historyAfter.map((list) => list.map((entry) => entry._id))).toEqual(historyBefore.map((list) => list.map((entry) => entry._id)));
    const sealedIn = (list: typeof historyAfter) => list.flat().flatMap((entry) => [...keysOf(entry.before), ...keysOf(entry.after)]);
    expect(sealedIn(historyAfter).length).toBe(sealedIn(historyBefore).length);
    expect(sealedIn(historyAfter).length).toBeGreaterThanOrEqual(5);
    expect(new Set(sealedIn(historyAfter))).toEqual(new Set([idOf(keyB)]));

    // A gone: the record service still reads every value, and the history shows the same changes.
    useKeys(keyB);
    for (const [index, id] of ids.entries()) {
      expect((await getRecord(key, id, admin)).data).toMatchObject(typed[index]);
    }
    const [edit, creation] = await recordHistory(key, ids[0], admin);
    expect(edit.changes).toEqual([{ field: 'bankAccount', before: '6222020000001234', after: '6222020000009999' }]);
    expect(creation.changes).toEqual(expect.arrayContaining([{ field: 'idCard', before: null, after: '110101199003074514' }]));

    // And A alone no longer reads them: the values really moved to B.
    useKeys(keyA);
    expect(() => unseal(after[0]!.idCard as SealedValue)).toThrow(/no encryption key/);
  });

  it('changes nothing when run again', async () => {
    const before = await Promise.all(ids.map(stored));
    const history = await Promise.all(ids.map(entries));
    await reencrypt(keyB, [keyA]);
    expect(await Promise.all(ids.map(stored))).toEqual(before);
    expect(await Promise.all(ids.map(entries))).toEqual(history);
  });
});
